<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>@default</name>
    <message>
        <location filename="../plugin/main.py" line="44"/>
        <source>Learn region representations</source>
        <translation>学习区域表示</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="155"/>
        <source>The MTGRR engine (a Python environment with PyTorch) is not installed yet. Install it, or choose an existing one in the settings.</source>
        <translation>MTGRR 引擎（带有 PyTorch 的 Python 环境）尚未安装。请安装它，或在设置中选择一个已有的环境。</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="163"/>
        <source>Install engine…</source>
        <translation>安装引擎…</translation>
    </message>
    <message>
        <location filename="../plugin/main.py" line="48"/>
        <source>Engine settings…</source>
        <translation>引擎设置…</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="173"/>
        <source>Regions (required)</source>
        <translation>区域（必填）</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="175"/>
        <source>Regions layer</source>
        <translation>区域图层</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="176"/>
        <source>Hexagon grid</source>
        <translation>六边形网格</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="177"/>
        <source>Generate a hexagon grid of this cell width over the input layers.</source>
        <translation>在输入图层范围内生成此单元宽度的六边形网格。</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="188"/>
        <source> m</source>
        <translation> 米</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="190"/>
        <source>Region id field</source>
        <translation>区域编号字段</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="196"/>
        <source>Points of interest</source>
        <translation>兴趣点</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="277"/>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="201"/>
        <source>Category field</source>
        <translation>类别字段</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="205"/>
        <source>Taxi trips</source>
        <translation>出租车行程</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="210"/>
        <source>Pickup/dropoff coordinates</source>
        <translation>上车/下车坐标</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="211"/>
        <source>Trip lines</source>
        <translation>行程线</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="212"/>
        <source>Origin-destination table</source>
        <translation>起讫点（OD）表</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="214"/>
        <source>Trips are</source>
        <translation>行程类型</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="226"/>
        <source>Pickup x</source>
        <translation>上车 x</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="227"/>
        <source>Pickup y</source>
        <translation>上车 y</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="228"/>
        <source>Dropoff x</source>
        <translation>下车 x</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="229"/>
        <source>Dropoff y</source>
        <translation>下车 y</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="230"/>
        <source>CRS of the coordinate fields when the trips table has no geometry.</source>
        <translation>当行程表没有几何时，坐标字段所用的坐标参考系。</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="231"/>
        <source>Coordinates CRS</source>
        <translation>坐标参考系</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="240"/>
        <source>Origin region id</source>
        <translation>起点区域编号</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="241"/>
        <source>Destination region id</source>
        <translation>终点区域编号</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="242"/>
        <source>Trip count</source>
        <translation>行程数</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="248"/>
        <source>Land use</source>
        <translation>土地利用</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="262"/>
        <source>Class field</source>
        <translation>类别字段</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="257"/>
        <source>Roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="266"/>
        <source>Remote sensing</source>
        <translation>遥感</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="269"/>
        <source>Raster</source>
        <translation>栅格</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="273"/>
        <source>Street view images</source>
        <translation>街景图像</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="278"/>
        <source>Image path field</source>
        <translation>图像路径字段</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="282"/>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="284"/>
        <source>Selected features only</source>
        <translation>仅使用所选要素</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="285"/>
        <source>Layers with a selection contribute only their selected features.</source>
        <translation>有选择集的图层只提供其所选要素。</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="295"/>
        <source>Attribute to predict</source>
        <translation>要预测的属性</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="296"/>
        <source>Number of clusters</source>
        <translation>聚类数</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="297"/>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="301"/>
        <source>Advanced</source>
        <translation>高级</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="313"/>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="322"/>
        <source>Embedding size</source>
        <translation>嵌入维度</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="323"/>
        <source>Epochs</source>
        <translation>训练轮数</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="324"/>
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="325"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="332"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="333"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="341"/>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="350"/>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="523"/>
        <source>MTGRR</source>
        <translation>MTGRR</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="448"/>
        <source>The MTGRR engine was not found: click 'Install engine…' or choose its Python in the settings.</source>
        <translation>未找到 MTGRR 引擎：请点击“安装引擎…”，或在设置中选择其 Python。</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="474"/>
        <source>Job file: {}</source>
        <translation>任务文件：{}</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="482"/>
        <source>Starting the engine…</source>
        <translation>正在启动引擎…</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="493"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="504"/>
        <source>Cancelled; nothing was written.</source>
        <translation>已取消；未写入任何内容。</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="506"/>
        <source>Run cancelled.</source>
        <translation>运行已取消。</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="508"/>
        <source>The engine gave no result.</source>
        <translation>引擎没有给出结果。</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="509"/>
        <source>Failed.</source>
        <translation>失败。</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="521"/>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="523"/>
        <source>Region representations are ready. Report: {}</source>
        <translation>区域表示已生成。报告：{}</translation>
    </message>
    <message>
        <location filename="../plugin/engine.py" line="129"/>
        <source>No engine Python interpreter was found. Use &apos;Install engine&apos; or choose one.</source>
        <translation>未找到引擎的 Python 解释器。请使用“安装引擎”或选择一个解释器。</translation>
    </message>
    <message>
        <location filename="../plugin/engine.py" line="140"/>
        <source>The engine interpreter could not be run: {}</source>
        <translation>无法运行引擎解释器：{}</translation>
    </message>
    <message>
        <location filename="../plugin/engine.py" line="233"/>
        <source>MTGRR: learning region representations</source>
        <translation>MTGRR：正在学习区域表示</translation>
    </message>
    <message>
        <location filename="../plugin/engine.py" line="267"/>
        <source>Outputs: {}</source>
        <translation>输出：{}</translation>
    </message>
    <message>
        <location filename="../plugin/engine.py" line="277"/>
        <source>The engine could not be started: {}</source>
        <translation>无法启动引擎：{}</translation>
    </message>
    <message>
        <location filename="../plugin/engine.py" line="283"/>
        <source>The engine stopped with exit code {}:
{}</source>
        <translation>引擎以退出码 {} 停止：
{}</translation>
    </message>
    <message>
        <location filename="../plugin/engine.py" line="295"/>
        <source>MTGRR: installing the engine</source>
        <translation>MTGRR：正在安装引擎</translation>
    </message>
    <message>
        <location filename="../plugin/engine.py" line="316"/>
        <source>Step {} failed with exit code {}: {}</source>
        <translation>第 {} 步失败，退出码 {}：{}</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="84"/>
        <source>points</source>
        <translation>点</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="84"/>
        <source>lines</source>
        <translation>线</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="84"/>
        <source>polygons</source>
        <translation>面</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="84"/>
        <source>no geometry</source>
        <translation>无几何</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="187"/>
        <source>Layer {} cannot be read: check that its file still exists.</source>
        <translation>无法读取图层 {}：请检查其文件是否仍然存在。</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="105"/>
        <source>Layer {} has {}, but {} are needed.</source>
        <translation>图层 {} 的几何为{}，但需要{}。</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="195"/>
        <source>Layer {} has no coordinate reference system: set one in its Properties &gt; Source.</source>
        <translation>图层 {} 没有坐标参考系：请在其“属性 &gt; 源”中设置。</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="117"/>
        <source>Layer {} has no features.</source>
        <translation>图层 {} 没有要素。</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="121"/>
        <source>Layer {}: choose the {} field.</source>
        <translation>图层 {}：请选择{}字段。</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="123"/>
        <source>Layer {} has no field &apos;{}&apos;. Did you mean &apos;{}&apos;? Its fields: {}.</source>
        <translation>图层 {} 没有字段“{}”。您是否指“{}”？其字段：{}。</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="123"/>
        <source>The attribute to predict &apos;{}&apos; of layer &apos;{}&apos; is not numeric: choose a numeric field.</source>
        <translation>待预测属性“{}”（图层“{}”）不是数值型：请选择数值字段。</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="123"/>
        <source>Layer {} has no field &apos;{}&apos;. Its fields: {}.</source>
        <translation>图层 {} 没有字段“{}”。其字段：{}。</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="127"/>
        <source>The hexagon grid needs a cell size above 0 metres.</source>
        <translation>六边形网格的单元大小必须大于 0 米。</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="132"/>
        <source>A generated grid needs at least one input layer with locations to cover; add one, or choose a regions layer.</source>
        <translation>生成网格至少需要一个带位置的输入图层来确定范围；请添加一个，或选择区域图层。</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="138"/>
        <source>An attribute to predict needs a regions layer, not a generated grid.</source>
        <translation>要预测的属性需要区域图层，不能用于生成的网格。</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="140"/>
        <source>Choose a regions layer (polygons), or generate a hexagon grid.</source>
        <translation>请选择区域图层（面），或生成六边形网格。</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="142"/>
        <source>region id</source>
        <translation>区域编号</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="144"/>
        <source>attribute to predict</source>
        <translation>要预测的属性</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="145"/>
        <source>regions</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="148"/>
        <source>POI</source>
        <translation>兴趣点</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="148"/>
        <source>category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="151"/>
        <source>OD table</source>
        <translation>OD 表</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="151"/>
        <source>origin</source>
        <translation>起点</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="151"/>
        <source>destination</source>
        <translation>终点</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="160"/>
        <source>Layer &apos;{}&apos; (OD table): choose the trip count field.</source>
        <translation>图层“{}”（OD 表）：请选择行程数字段。</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="173"/>
        <source>taxi trips</source>
        <translation>出租车行程</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="167"/>
        <source>pickup x</source>
        <translation>上车 x</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="168"/>
        <source>pickup y</source>
        <translation>上车 y</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="169"/>
        <source>dropoff x</source>
        <translation>下车 x</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="170"/>
        <source>dropoff y</source>
        <translation>下车 y</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="175"/>
        <source>Layer &apos;{}&apos; (taxi trips) has no CRS: choose the CRS of its pickup/dropoff coordinates.</source>
        <translation>图层“{}”（出租车行程）没有坐标参考系：请选择其上车/下车坐标的坐标参考系。</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="181"/>
        <source>land use</source>
        <translation>土地利用</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="183"/>
        <source>class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="183"/>
        <source>roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="189"/>
        <source>Layer {} is not a local raster file: save it as a GeoTIFF (Export &gt; Save As) and choose that.</source>
        <translation>图层 {} 不是本地栅格文件：请将其另存为 GeoTIFF（导出 &gt; 另存为）并选择该文件。</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="201"/>
        <source>street view</source>
        <translation>街景</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="201"/>
        <source>image path</source>
        <translation>图像路径</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="203"/>
        <source>The number of clusters must be at least 2.</source>
        <translation>聚类数至少为 2。</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="249"/>
        <source>Layer &apos;{}&apos; could not be written to {}: {}</source>
        <translation>无法将图层“{}”写入 {}：{}</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="373"/>
        <source>cannot write {} to a job file</source>
        <translation>无法将 {} 写入任务文件</translation>
    </message>
    <message>
        <location filename="../plugin/main.py" line="42"/>
        <source>&amp;MTGRR region representations</source>
        <translation>MTGRR 区域表示(&amp;M)</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="30"/>
        <source>MTGRR engine settings</source>
        <translation>MTGRR 引擎设置</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="40"/>
        <source>Engine Python interpreter</source>
        <translation>引擎 Python 解释器</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="47"/>
        <source>Detect</source>
        <translation>检测</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="48"/>
        <source>Check engine</source>
        <translation>检查引擎</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="49"/>
        <source>Copy report</source>
        <translation>复制报告</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="50"/>
        <source>Install engine</source>
        <translation>安装引擎</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="76"/>
        <source>Engine found: {}</source>
        <translation>已找到引擎：{}</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="78"/>
        <source>No engine found in the settings, the plugin&apos;s .venv or a &apos;mtgrr&apos; on PATH.</source>
        <translation>在设置、插件的 .venv 或 PATH 中的“mtgrr”里都未找到引擎。</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="92"/>
        <source>The engine works.</source>
        <translation>引擎工作正常。</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="92"/>
        <source>The engine is not usable; see the report.</source>
        <translation>引擎不可用；请查看报告。</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="106"/>
        <source>No Python interpreter was found to create the engine&apos;s environment.</source>
        <translation>未找到可用于创建引擎环境的 Python 解释器。</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="116"/>
        <source>Installing the engine; this downloads PyTorch and can take several minutes…</source>
        <translation>正在安装引擎；这会下载 PyTorch，可能需要几分钟…</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="127"/>
        <source>The engine is installed.</source>
        <translation>引擎已安装。</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="129"/>
        <source>Installation cancelled.</source>
        <translation>安装已取消。</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="131"/>
        <source>Installation failed: {}</source>
        <translation>安装失败：{}</translation>
    </message>
    <message>
        <location filename="../plugin/styling.py" line="78"/>
        <source>Cluster {}</source>
        <translation>聚类 {}</translation>
    </message>
    <message>
        <location filename="../plugin/styling.py" line="92"/>
        <source>The result layer &apos;{}&apos; in {} cannot be read.</source>
        <translation>无法读取 {} 中的结果图层“{}”。</translation>
    </message>
    <message>
        <location filename="../plugin/styling.py" line="99"/>
        <source>The style {} could not be saved: {}</source>
        <translation>无法保存样式 {}：{}</translation>
    </message>
    <message>
        <location filename="../plugin/styling.py" line="116"/>
        <source>The result layer has no field &apos;{}&apos;.</source>
        <translation>结果图层没有字段“{}”。</translation>
    </message>
    <message>
        <location filename="../plugin/styling.py" line="117"/>
        <source>Predicted {}</source>
        <translation>预测的{}</translation>
    </message>
    <message>
        <location filename="../plugin/styling.py" line="122"/>
        <source>Clusters</source>
        <translation>聚类</translation>
    </message>
    <message>
        <location filename="../plugin/styling.py" line="127"/>
        <source>Embedding colours</source>
        <translation>嵌入颜色</translation>
    </message>
    <message>
        <location filename="../plugin/styling.py" line="134"/>
        <source>Modality weight: {}</source>
        <translation>模态权重：{}</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="316"/>
        <source>Adds two columns per region (at most 2,000 regions). Strong when the trips are many per pair of regions; the trained model then only embeds this set of regions.</source>
        <translation>每个区域增加两列（最多 2000 个区域）。当每对区域之间的出行较多时效果好；训练后的模型只能表示这一组区域。</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="251"/>
        <source>Hourly flows</source>
        <translation>逐时流量</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="252"/>
        <source>Hourly flows region id</source>
        <translation>逐时流量的区域 ID</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="190"/>
        <source>Layer &apos;{}&apos; (hourly flows) goes with an origin-destination table: set the taxi trips to one (Trips are: Origin-destination table; TRIPS_MODE 2 in Processing), or clear the hourly flows.</source>
        <translation>图层 &apos;{}&apos;（逐时流量）需与 OD 表一起使用：请将出租车行程设为 OD 表（行程类型：起讫点（OD）表；Processing 中 TRIPS_MODE 2），或清除逐时流量。</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="193"/>
        <source>hourly flows</source>
        <translation>逐时流量</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="210"/>
        <source>remote sensing</source>
        <translation>遥感</translation>
    </message>
    <message>
        <source>The prefix of the 24 fields of trips leaving each region (prefix + 00..23).</source>
        <translation>每个区域驶出行程的 24 个字段的前缀（前缀 + 00..23）。</translation>
    </message>
    <message>
        <source>The prefix of the 24 fields of trips entering each region (prefix + 00..23).</source>
        <translation>每个区域驶入行程的 24 个字段的前缀（前缀 + 00..23）。</translation>
    </message>
    <message>
        <source>Hourly prefix, leaving</source>
        <translation>逐时前缀（驶出）</translation>
    </message>
    <message>
        <source>Hourly prefix, entering</source>
        <translation>逐时前缀（驶入）</translation>
    </message>
    <message>
        <source>Layer '{layer}' (hourly flows) lacks {count} of the 48 fields it needs, e.g. '{field}': {out}00..{out}23 (trips leaving) and {inn}00..{inn}23 (trips entering); set the hourly prefixes (Hourly prefix, leaving / entering; HOURLY_OUT_PREFIX / HOURLY_IN_PREFIX in Processing) to the names the layer uses.</source>
        <translation>图层 '{layer}'（逐时流量）缺少所需 48 个字段中的 {count} 个，例如 '{field}'：需要 {out}00..{out}23（驶出行程）和 {inn}00..{inn}23（驶入行程）；请将逐时前缀（逐时前缀（驶出）/（驶入）；Processing 中为 HOURLY_OUT_PREFIX / HOURLY_IN_PREFIX）设为该图层使用的名称。</translation>
    </message>
    <message>
        <source>The layer seems to use '{}' (leaving) and '{}' (entering).</source>
        <translation>该图层似乎使用 '{}'（驶出）和 '{}'（驶入）。</translation>
    </message>
    <message>
        <source>Layer '{}' (hourly flows): give two different field prefixes, one for the trips leaving and one for the trips entering (Hourly prefix, leaving / entering; HOURLY_OUT_PREFIX / HOURLY_IN_PREFIX in Processing), e.g. out_h and in_h for out_h00..out_h23 and in_h00..in_h23.</source>
        <translation>图层 '{}'（逐时流量）：请给出两个不同的字段前缀，一个用于驶出行程，一个用于驶入行程（逐时前缀（驶出）/（驶入）；Processing 中为 HOURLY_OUT_PREFIX / HOURLY_IN_PREFIX），例如 out_h 和 in_h，对应 out_h00..out_h23 和 in_h00..in_h23。</translation>
    </message>
    <message>
        <source>Optional: a table of trips leaving and entering each region per hour (24 fields per direction, named by the prefixes below + 00..23: out_h00..out_h23 and in_h00..in_h23 unless the table names them otherwise), the hourly profile an OD table lacks.</source>
        <translation>可选：每个区域每小时驶出和驶入行程数的表（每个方向 24 个字段，名称为下方前缀 + 00..23：除非表中另有命名，否则为 out_h00..out_h23 和 in_h00..in_h23），即 OD 表所缺少的逐时分布。</translation>
    </message>
    <message>
        <source>Layer {}</source>
        <translation>图层 {}</translation>
    </message>
    <message>
        <source>The attribute to predict '{}' of layer '{}'</source>
        <translation>图层 '{1}' 的待预测属性 '{0}'</translation>
    </message>
    <message>
        <source>The hexagon grid ({} m cells)</source>
        <translation>六边形网格（{} 米的单元）</translation>
    </message>
    <message>
        <source>check the layer's CRS in Layer Properties &gt; Source: it must be the CRS its coordinates are in.</source>
        <translation>请在图层的“属性 &gt; 源”中检查其坐标参考系：它必须是其坐标所用的坐标参考系。</translation>
    </message>
    <message>
        <source>choose the CRS the pickup and dropoff coordinates are in.</source>
        <translation>请选择上车点和下车点坐标所用的坐标参考系。</translation>
    </message>
    <message>
        <source>{}: {} Fix: {}</source>
        <translation>{}：{} 解决方法：{}</translation>
    </message>
    <message>
        <source> and </source>
        <translation>和</translation>
    </message>
    <message>
        <source>'Check engine' lists here the chosen Python's packages, its device and the free disk space.</source>
        <translation>“检查引擎”会在此列出所选 Python 的软件包、计算设备和可用磁盘空间。</translation>
    </message>
    <message>
        <source>Layer {}: the field '{}' is chosen as {}: choose a different field for each.</source>
        <translation>图层 {}：字段 '{}' 被同时选作{}：请为每一项选择不同的字段。</translation>
    </message>
    <message>
        <source>Not started: see the problems above.</source>
        <translation>未开始：请查看上方列出的问题。</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>trip count</source>
        <translation>行程数</translation>
    </message>
    <message>
        <source>{} (and {} more in the MTGRR dock)</source>
        <translation>{}（MTGRR 面板中还有 {} 条）</translation>
    </message>
    <message>
        <source>reading the inputs</source>
        <translation>读取输入数据</translation>
    </message>
    <message>
        <source>remote sensing features</source>
        <translation>遥感特征</translation>
    </message>
    <message>
        <source>raster image features</source>
        <translation>栅格影像特征</translation>
    </message>
    <message>
        <source>street-view images</source>
        <translation>街景图像</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>writing the results</source>
        <translation>写出结果</translation>
    </message>
    <message>
        <source>evaluating</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Mobility: trips to and from every region as features</source>
        <translation>出行：将往返每个区域的出行作为特征</translation>
    </message>
    <message>
        <source>The layer's own CRS</source>
        <translation>图层自身的坐标参考系</translation>
    </message>
</context>
</TS>
