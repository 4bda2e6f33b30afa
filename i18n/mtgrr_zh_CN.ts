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
        <source>Coordinates</source>
        <translation>坐标</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="211"/>
        <source>Trip lines</source>
        <translation>行程线</translation>
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
        <translation>无法读取图层{}：请检查其文件是否仍然存在。</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="105"/>
        <source>Layer {} has {}, but {} are needed.</source>
        <translation>图层{}的几何为{}，但需要{}。</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="195"/>
        <source>Layer {} has no coordinate reference system: set one in its Properties &gt; Source.</source>
        <translation>图层{}没有坐标参考系：请在其“属性 &gt; 源”中设置。</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="117"/>
        <source>Layer {} has no features.</source>
        <translation>图层{}没有要素。</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="121"/>
        <source>Layer {}: choose the {} field.</source>
        <translation>图层{}：请选择{}字段。</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="123"/>
        <source>Layer {} has no field &apos;{}&apos;. Did you mean &apos;{}&apos;? Its fields: {}.</source>
        <translation>图层{}没有字段“{}”。您是否指“{}”？其字段：{}。</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="123"/>
        <source>The attribute to predict &apos;{}&apos; of layer &apos;{}&apos; is not numeric: choose a numeric field.</source>
        <translation>要预测的属性“{}”（图层“{}”）不是数值型：请选择数值字段。</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="123"/>
        <source>Layer {} has no field &apos;{}&apos;. Its fields: {}.</source>
        <translation>图层{}没有字段“{}”。其字段：{}。</translation>
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
        <translation>图层{}不是本地栅格文件：请将其另存为 GeoTIFF（导出 &gt; 另存为）并选择该文件。</translation>
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
        <location filename="../plugin/settings_dialog.py" line="125"/>
        <source>The engine needs Python 3.11 or later, but {} is Python {}. Create an environment with a newer Python (python -m venv, then pip install -r engine/requirements.txt and pip install --no-deps -e engine) and choose its interpreter above.</source>
        <translation>引擎需要 Python 3.11 或更高版本，但 {} 是 Python {}。请用更新的 Python 创建环境（python -m venv，然后 pip install -r engine/requirements.txt 和 pip install --no-deps -e engine），并在上方选择其解释器。</translation>
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
        <translation>无法读取 {1} 中的结果图层“{0}”。</translation>
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
        <translation>每个区域增加两列（最多 2000 个区域）。当每对区域之间的行程较多时效果好；训练后的模型只能表示这一组区域。</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="251"/>
        <source>Hourly flows</source>
        <translation>逐时流量</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="252"/>
        <source>Hourly flows region id</source>
        <translation>逐时流量的区域编号</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="190"/>
        <source>Layer &apos;{}&apos; (hourly flows) goes with an origin-destination table: set the taxi trips to one (Trips are: OD flows; TRIPS_MODE 2 in Processing), or clear the hourly flows.</source>
        <translation>图层“{}”（逐时流量）需与 OD 表一起使用：请将出租车行程设为 OD 表（行程类型：OD 流量；处理工具箱中为 TRIPS_MODE 2），或清除逐时流量。</translation>
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
        <translation>图层“{layer}”（逐时流量）缺少所需 48 个字段中的 {count} 个，例如“{field}”：需要 {out}00..{out}23（驶出行程）和 {inn}00..{inn}23（驶入行程）；请将逐时前缀（逐时前缀（驶出）/（驶入）；处理工具箱中为 HOURLY_OUT_PREFIX / HOURLY_IN_PREFIX）设为该图层使用的名称。</translation>
    </message>
    <message>
        <source>The layer seems to use '{}' (leaving) and '{}' (entering).</source>
        <translation>该图层似乎使用“{}”（驶出）和“{}”（驶入）。</translation>
    </message>
    <message>
        <source>Layer '{}' (hourly flows): give two different field prefixes, one for the trips leaving and one for the trips entering (Hourly prefix, leaving / entering; HOURLY_OUT_PREFIX / HOURLY_IN_PREFIX in Processing), e.g. out_h and in_h for out_h00..out_h23 and in_h00..in_h23.</source>
        <translation>图层“{}”（逐时流量）：请给出两个不同的字段前缀，一个用于驶出行程，一个用于驶入行程（逐时前缀（驶出）/（驶入）；处理工具箱中为 HOURLY_OUT_PREFIX / HOURLY_IN_PREFIX），例如 out_h 和 in_h，对应 out_h00..out_h23 和 in_h00..in_h23。</translation>
    </message>
    <message>
        <source>Optional: a table of trips leaving and entering each region per hour (24 fields per direction, named by the prefixes below + 00..23: out_h00..out_h23 and in_h00..in_h23 unless the table names them otherwise), the hourly profile an OD table lacks.</source>
        <translation>可选：每个区域每小时驶出和驶入行程数的表（每个方向 24 个字段，名称为下方前缀 + 00..23：除非表中另有命名，否则为 out_h00..out_h23 和 in_h00..in_h23），即 OD 表所缺少的逐时分布。</translation>
    </message>
    <message>
        <source>Layer {}</source>
        <translation>图层{}</translation>
    </message>
    <message>
        <source>The attribute to predict '{}' of layer '{}'</source>
        <translation>图层“{1}”中要预测的属性“{0}”</translation>
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
        <translation>图层{}：字段“{}”被同时选作{}：请为每一项选择不同的字段。</translation>
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
        <translation>出行：将往返每个区域的行程作为特征</translation>
    </message>
    <message>
        <source>Layer CRS</source>
        <translation>图层坐标系</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="44"/>
        <source>Embeddings layer (emb_* fields)</source>
        <translation>嵌入图层（emb_* 字段）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="54"/>
        <source>Layer '{}' has no emb_* fields: choose the embeddings layer written by 'Learn region representations'.</source>
        <translation>图层“{}”没有 emb_* 字段：请选择由“学习区域表示”写出的嵌入图层。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="62"/>
        <source>{} regions, {} embedding dimensions</source>
        <translation>{} 个区域，{} 个嵌入维度</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="107"/>
        <source>The output layer could not be written: {}</source>
        <translation>无法写入输出图层：{}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="126"/>
        <source>Predict region attribute</source>
        <translation>预测区域属性</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="129"/>
        <source>Predicts a numeric attribute known on some regions for all regions from their embedding (ridge regression on the emb_* fields, standardised, penalty chosen by cross-validation). Regions with a known value get an out-of-fold prediction, so the metrics R², MAE and RMSE (in the log and as outputs) are honest. Leave the value empty (NULL) where it is unknown. A region whose emb_* values are all 0 (no data in any modality) is left out of the model and the metrics, and its prediction is NULL. The output is the input layer with a pred_&lt;field&gt; field. With 'Spatial cross-validation' the folds are compact blocks of neighbouring regions instead of scattered ones: the metrics then say how well an area with no known value is predicted (e.g. a district a survey missed), which is usually lower than filling the gaps between known regions.</source>
        <translation>根据嵌入，为所有区域预测一个仅在部分区域已知的数值属性（对标准化后的 emb_* 字段做岭回归，惩罚系数由交叉验证选择）。已知值的区域得到的是折外（out-of-fold）预测，因此 R²、MAE 和 RMSE 指标（见日志及输出）是可信的。值未知处请留空（NULL）。emb_* 字段全为 0 的区域（在任何模态中都没有数据）不参与模型训练和指标计算，其预测值为 NULL。输出为输入图层加上一个 pred_&lt;字段名&gt; 字段。勾选“空间交叉验证”后，各折是由相邻区域组成的紧凑区块，而不是分散的区域：此时指标反映的是对一个完全没有已知值的区域（例如调查遗漏的街区）的预测效果，通常低于填补已知区域之间空缺的效果。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="142"/>
        <source>Attribute to predict (numeric)</source>
        <translation>要预测的属性（数值型）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="150"/>
        <source>Cross-validation folds</source>
        <translation>交叉验证折数</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="157"/>
        <source>Predictions</source>
        <translation>预测结果</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="162"/>
        <source>Regions with a value</source>
        <translation>有值的区域数</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="178"/>
        <source>Field '{0}' of layer '{1}' is not numeric ({2}): choose a numeric field, or convert it (Field Calculator: to_real("{0}")). A CSV file's columns are text unless a .csvt file beside it gives their types.</source>
        <translation>图层“{1}”的字段“{0}”不是数值型（{2}）：请选择数值字段，或将其转换（字段计算器：to_real("{0}")）。CSV 文件的列均为文本，除非其旁边的 .csvt 文件给出列类型。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="193"/>
        <source>Out-of-fold on {n} regions with a value: R² {r2:.3f}, MAE {mae}, RMSE {rmse}</source>
        <translation>折外评估（{n} 个有值的区域）：R² {r2:.3f}，MAE {mae}，RMSE {rmse}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="216"/>
        <source>Cluster regions</source>
        <translation>区域聚类</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="228"/>
        <source>Number of clusters (k)</source>
        <translation>聚类数（k）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="231"/>
        <source>Cluster field</source>
        <translation>聚类字段</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="245"/>
        <source>The cluster field '{}' would overwrite one of the embedding's own fields. Choose another name (default: cluster).</source>
        <translation>聚类字段“{}”会覆盖嵌入自身的某个字段。请另选一个名称（默认：cluster）。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="43"/>
        <source>Representation learning</source>
        <translation>表示学习</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="43"/>
        <source>Regions</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="43"/>
        <source>Maps</source>
        <translation>地图</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="65"/>
        <source>The MTGRR engine was not found. Install it from the MTGRR dock (Install engine…) or choose its Python in Plugins &gt; MTGRR region representations &gt; Engine settings…</source>
        <translation>未找到 MTGRR 引擎。请在 MTGRR 面板中安装（安装引擎…），或在“插件 &gt; MTGRR 区域表示 &gt; 引擎设置…”中选择其 Python。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="106"/>
        <source>Stage: {}</source>
        <translation>阶段：{}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="113"/>
        <source>Cancelled: the engine was stopped.</source>
        <translation>已取消：引擎已停止。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="186"/>
        <source>The output {} could not be written: {}</source>
        <translation>无法写入输出 {}：{}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="40"/>
        <source>Quantile</source>
        <translation>分位数（等数量）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="41"/>
        <source>Natural breaks (Jenks)</source>
        <translation>自然间断点（Jenks）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="42"/>
        <source>Equal interval</source>
        <translation>等间距</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="58"/>
        <source>Data: {}</source>
        <translation>数据：{}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="59"/>
        <source>{} regions, {}</source>
        <translation>{} 个区域，{}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="62"/>
        <source>{} classes: {}</source>
        <translation>{} 类：{}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="63"/>
        <source>Made with MTGRR, {}</source>
        <translation>使用 MTGRR 制作，{}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="94"/>
        <source>Export choropleth map</source>
        <translation>导出分级设色地图</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="101"/>
        <source>Draws one numeric field of a layer as a choropleth (quantile, natural breaks or equal-interval classes, a QGIS colour ramp such as Viridis, Magma or Spectral), or with 'Categories' one colour per value of any field (functional zones: the cluster field), and exports it as PDF and/or PNG with an A4 landscape layout: title, map, legend, scale bar, north arrow and a source note. A layout template of your own (advanced: a .qpt saved from the layout designer) replaces it: its items with the ids title and source (labels), map, legend and scalebar are filled in, any other item (a logo, a north arrow) is exported as it is. Regions without a value are drawn grey and listed as 'No data'. The input layer's own style is not changed.</source>
        <translation>将图层的一个数值字段绘制为分级设色地图（按分位数、自然间断点或等间距分类，使用 QGIS 色带，如 Viridis、Magma 或 Spectral），或选择“类别”为任意字段的每个值使用一种颜色（功能区：cluster 字段），并以 A4 横向布局导出为 PDF 和/或 PNG：标题、地图、图例、比例尺、指北针和来源说明。也可使用自己的布局模板（高级：从布局设计器保存的 .qpt）代替它：其中 ID 为 title 和 source（标签）、map、legend、scalebar 的项目会被填充，其他项目（徽标、指北针）按原样导出。没有值的区域以灰色绘制，并在图例中列为“无数据”。输入图层自身的样式不会改变。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="113"/>
        <source>Field (numeric, or any with Categories)</source>
        <translation>字段（数值型；选择“类别”时可为任意字段）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="118"/>
        <source>Classification</source>
        <translation>分类方法</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="123"/>
        <source>Number of classes</source>
        <translation>分类数</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="127"/>
        <source>Colour ramp (QGIS style name; default Viridis, or distinct colours for categories)</source>
        <translation>色带（QGIS 样式中的名称；默认 Viridis，类别则用彼此区分明显的颜色）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="130"/>
        <source>Title (default: the field name)</source>
        <translation>标题（默认：字段名）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="135"/>
        <source>Source note (default: data file, classes, date)</source>
        <translation>来源说明（默认：数据文件、分类、日期）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="142"/>
        <source>PNG resolution (dpi)</source>
        <translation>PNG 分辨率（dpi）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="148"/>
        <source>PDF map</source>
        <translation>PDF 地图</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="148"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="153"/>
        <source>PNG map</source>
        <translation>PNG 地图</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="153"/>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="175"/>
        <source>There is no colour ramp '{}' in the QGIS style. Choose one of: {}.</source>
        <translation>QGIS 样式中没有色带“{}”。请从以下色带中选择：{}。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="182"/>
        <source>Choose a PDF file, a PNG file, or both.</source>
        <translation>请选择 PDF 文件、PNG 文件或两者。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="218"/>
        <source>Source note: {}</source>
        <translation>来源说明：{}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="34"/>
        <source>Create region grid</source>
        <translation>创建区域网格</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="37"/>
        <source>Covers an extent with hexagon or square cells to use as regions when no administrative regions exist. The cell size is the distance between neighbouring cell centres along x (the side of a square), in the units of the chosen CRS: choose a projected CRS in metres. Hexagons overhang the extent's edges so that every point of it lies in a cell. The 'id' field is the region id.</source>
        <translation>用六边形或正方形单元覆盖一个范围，在没有行政区划时用作区域。单元大小是相邻单元中心沿 x 方向的距离（即正方形的边长），单位为所选坐标参考系的单位：请选择以米为单位的投影坐标参考系。六边形会超出范围的边缘，使范围内的每个点都落在某个单元中。“id”字段即区域编号。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="46"/>
        <source>Extent</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="49"/>
        <source>Cell shape</source>
        <translation>单元形状</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="49"/>
        <source>hexagon</source>
        <translation>六边形</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="49"/>
        <source>square</source>
        <translation>正方形</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="54"/>
        <source>Cell size (CRS units)</source>
        <translation>单元大小（坐标参考系单位）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="58"/>
        <source>Grid CRS (default: the extent's)</source>
        <translation>网格坐标参考系（默认：范围的坐标参考系）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="60"/>
        <source>Region grid</source>
        <translation>区域网格</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="67"/>
        <source>The extent has no CRS: choose the grid CRS.</source>
        <translation>范围没有坐标参考系：请选择网格坐标参考系。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="71"/>
        <source>The cell size must be above 0 (it is {}).</source>
        <translation>单元大小必须大于 0（当前为 {}）。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="73"/>
        <source> The CRS {} counts in degrees: choose a projected CRS (metres) as the Grid CRS.</source>
        <translation>坐标参考系 {} 以度为单位：请选择投影坐标参考系（以米为单位）作为网格坐标参考系。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="80"/>
        <source>The extent ({:.6g} × {:.6g}) must be larger than one cell ({:.6g}): choose a smaller SIZE.</source>
        <translation>范围（{:.6g} × {:.6g}）必须大于一个单元（{:.6g}）：请选择更小的 SIZE。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="88"/>
        <source>A cell size of {:.6g} over this extent gives about {} cells (at most {}): choose a larger SIZE.</source>
        <translation>单元大小为 {:.6g} 时，此范围约有 {} 个单元（最多 {} 个）：请选择更大的 SIZE。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="95"/>
        <source>CRS {} is in degrees: the cell size {} is read as degrees. Prefer a projected CRS.</source>
        <translation>坐标参考系 {} 以度为单位：单元大小 {} 将按度解读。建议使用投影坐标参考系。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="44"/>
        <source>Taxi trips (points, lines or an OD table)</source>
        <translation>出租车行程（点、线或 OD 表）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="47"/>
        <source>Pickup x field</source>
        <translation>上车 x 字段</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="48"/>
        <source>Pickup y field</source>
        <translation>上车 y 字段</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="49"/>
        <source>Dropoff x field</source>
        <translation>下车 x 字段</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="50"/>
        <source>Dropoff y field</source>
        <translation>下车 y 字段</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="51"/>
        <source>OD origin region id field</source>
        <translation>OD 起点区域编号字段</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="52"/>
        <source>OD destination region id field</source>
        <translation>OD 终点区域编号字段</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="53"/>
        <source>OD trip count field</source>
        <translation>OD 行程数字段</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="58"/>
        <source>Hourly flows per region (a table of trips leaving/entering per hour; with an OD table)</source>
        <translation>每个区域的逐时流量（每小时驶出/驶入行程的表；与 OD 表一起使用）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="60"/>
        <source>Hourly flows region id field</source>
        <translation>逐时流量的区域编号字段</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="64"/>
        <source>Street view (points)</source>
        <translation>街景（点）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="82"/>
        <source>Regions (polygons)</source>
        <translation>区域（面）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="93"/>
        <source>Attribute to predict (numeric, optional)</source>
        <translation>要预测的属性（数值型，可选）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="113"/>
        <source>Hourly flows: prefix of the 24 fields of trips leaving (prefix + 00..23)</source>
        <translation>逐时流量：驶出行程 24 个字段的前缀（前缀 + 00..23）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="114"/>
        <source>Hourly flows: prefix of the 24 fields of trips entering (prefix + 00..23)</source>
        <translation>逐时流量：驶入行程 24 个字段的前缀（前缀 + 00..23）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="124"/>
        <source>Taxi trips are</source>
        <translation>出租车行程类型</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="126"/>
        <source>pickup/dropoff coordinates</source>
        <translation>坐标</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="127"/>
        <source>trip lines</source>
        <translation>行程线</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="128"/>
        <source>an origin-destination table</source>
        <translation>起讫点（OD）表</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="136"/>
        <source>CRS of the trip coordinates (tables without geometry)</source>
        <translation>行程坐标的坐标参考系（无几何的表）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="141"/>
        <source>Remote sensing (local GeoTIFF)</source>
        <translation>遥感（本地 GeoTIFF）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="150"/>
        <source>Hexagon grid cell width in metres instead of a regions layer (0 = use the regions)</source>
        <translation>用六边形网格代替区域图层时的单元宽度，单位为米（0 = 使用区域图层）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="211"/>
        <source>Choose either a regions layer or a hexagon grid cell size, not both.</source>
        <translation>请选择区域图层或六边形网格单元大小，二者不能同时设置。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="230"/>
        <source>The run folder {} cannot be written ({}). Choose an output in a folder you can write to.</source>
        <translation>无法写入运行文件夹 {}（{}）。请将输出放在您有写入权限的文件夹中。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="251"/>
        <source>Region embeddings</source>
        <translation>区域嵌入</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="253"/>
        <source>Run report (Markdown)</source>
        <translation>运行报告（Markdown）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="254"/>
        <source>Run folder (job, inputs, maps)</source>
        <translation>运行文件夹（任务、输入、地图）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="261"/>
        <source>The engine's result {} cannot be read.</source>
        <translation>无法读取引擎结果 {}。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="312"/>
        <source>Trips to and from every region as features (at most 2,000 regions)</source>
        <translation>将往返每个区域的行程作为特征（最多 2000 个区域）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="319"/>
        <source>Trained model</source>
        <translation>训练好的模型</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="319"/>
        <source>PyTorch model (*.pt)</source>
        <translation>PyTorch 模型 (*.pt)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="347"/>
        <source>Apply a trained model</source>
        <translation>应用训练好的模型</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="350"/>
        <source>Embeds a regions dataset with a model trained by 'Learn region representations', without training. Give the modalities (and fields) of the training run: the engine names any that are missing, and skips modalities the model was not trained on, with a warning. The output has the same fields as the training output.</source>
        <translation>使用由“学习区域表示”训练的模型为区域数据集计算嵌入，不再训练。请提供训练时的模态（及字段）：引擎会指出缺少的模态，并跳过模型未训练过的模态、给出警告。输出字段与训练输出相同。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="358"/>
        <source>Trained model (model.pt)</source>
        <translation>训练好的模型（model.pt）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="365"/>
        <source>The model file '{}' does not exist.</source>
        <translation>模型文件“{}”不存在。</translation>
    </message>
    <message>
        <source>A Shapefile keeps 10 characters of a field name: {} of the output's fields are cut (e.g. {} → {}). A GeoPackage output (.gpkg) keeps them whole.</source>
        <translation>Shapefile 的字段名只保留 10 个字符：输出中有 {} 个字段被截断（例如 {} → {}）。GeoPackage 输出（.gpkg）会保留完整字段名。</translation>
    </message>
    <message>
        <source>Field '{}' of layer '{}' has no value on any feature: there is nothing to map.</source>
        <translation>图层“{1}”的字段“{0}”在任何要素上都没有值：没有可制图的内容。</translation>
    </message>
    <message>
        <source>The folder of {} cannot be made ({}): choose a folder you can write to.</source>
        <translation>无法创建 {} 所在的文件夹（{}）：请选择一个可写入的文件夹。</translation>
    </message>
    <message>
        <source>The layer already has a field '{}': the cluster labels would replace its values. Choose a new field name (or 'cluster' to replace an earlier clustering).</source>
        <translation>图层已有字段“{}”：聚类标签会替换其中的值。请选择一个新的字段名（或用“cluster”替换之前的聚类结果）。</translation>
    </message>
    <message>
        <source>The region embeddings are written as a file of their own, with a run folder beside it: choose a file name (e.g. embeddings.gpkg), not a table inside a GeoPackage or database ({}).</source>
        <translation>区域嵌入写入单独的文件，旁边附带运行文件夹：请选择一个文件名（例如 embeddings.gpkg），而不是 GeoPackage 或数据库中的表（{}）。</translation>
    </message>
    <message>
        <source>The trained model cannot be written to {}: choose a file in a folder you can write to.</source>
        <translation>无法将训练好的模型写入 {}：请选择可写入文件夹中的文件。</translation>
    </message>
    <message>
        <source>The {} map {} could not be written ({}): choose a file in a folder you can write to.</source>
        <translation>无法写入 {} 地图 {}（{}）：请选择可写入文件夹中的文件。</translation>
    </message>
    <message>
        <source>{} is a folder: give a file name for the map.</source>
        <translation>{} 是一个文件夹：请为地图指定文件名。</translation>
    </message>
    <message>
        <source>{} map: {}</source>
        <translation>{} 地图：{}</translation>
    </message>
    <message>
        <source>Layer '{}' gives no feature (with 'Selected features only', is anything selected?).</source>
        <translation>图层“{}”没有提供任何要素（若勾选了“仅使用所选要素”，是否已选择要素？）。</translation>
    </message>
    <message>
        <source>'{}' ({})</source>
        <translation>“{}”（{}）</translation>
    </message>
    <message>
        <source>Layer {}: '{}' is the file's feature id, not one of its fields: choose a field that holds the region ids (or add one with the Field Calculator, e.g. $id).</source>
        <translation>图层{}：“{}”是文件的要素 ID，而不是其字段：请选择包含区域编号的字段（或用字段计算器添加一个，例如 $id）。</translation>
    </message>
    <message>
        <source>Or a table without geometry: precomputed features per region, keyed by a region id field.</source>
        <translation>或一张无几何的表：按区域预先计算的特征，以区域编号字段对应。</translation>
    </message>
    <message>
        <source>POI (points, or a table of features per region)</source>
        <translation>兴趣点（点，或按区域的特征表）</translation>
    </message>
    <message>
        <source>POI category field (a table: its region id field)</source>
        <translation>兴趣点类别字段（表：其区域编号字段）</translation>
    </message>
    <message>
        <source>Land use (polygons, or a table of features per region)</source>
        <translation>土地利用（面，或按区域的特征表）</translation>
    </message>
    <message>
        <source>Land-use class field (a table: its region id field)</source>
        <translation>土地利用类别字段（表：其区域编号字段）</translation>
    </message>
    <message>
        <source>Roads (lines, or a table of features per region)</source>
        <translation>道路（线，或按区域的特征表）</translation>
    </message>
    <message>
        <source>Road class field (a table: its region id field)</source>
        <translation>道路类别字段（表：其区域编号字段）</translation>
    </message>
    <message>
        <source>Remote sensing as a table of features per region (instead of a raster)</source>
        <translation>以按区域特征表形式提供的遥感（代替栅格）</translation>
    </message>
    <message>
        <source>Remote sensing table: region id field</source>
        <translation>遥感表：区域编号字段</translation>
    </message>
    <message>
        <source>Layer {} is a table of per-region features: its region ids need a regions layer that has them, not a generated grid.</source>
        <translation>图层{}是按区域的特征表：其区域编号需要一个包含这些编号的区域图层，而不是生成的网格。</translation>
    </message>
    <message>
        <source>Remote sensing: give a raster or a table of per-region features, not both.</source>
        <translation>遥感：请提供栅格或按区域的特征表，不要同时提供两者。</translation>
    </message>
    <message>
        <source>Categories (one colour per value)</source>
        <translation>类别（每个值一种颜色）</translation>
    </message>
    <message>
        <source>Field '{}' of layer '{}' has {} distinct values, too many categories for a map (at most {}): choose a classification, or a field with fewer values.</source>
        <translation>图层“{1}”的字段“{0}”有 {2} 个不同的值，类别太多，无法制图（最多 {3} 个）：请选择一种分类方法，或选择值较少的字段。</translation>
    </message>
    <message>
        <source>No data</source>
        <translation>无数据</translation>
    </message>
    <message>
        <source>Regions per cluster: {}</source>
        <translation>各聚类的区域数：{}</translation>
    </message>
    <message>
        <source>{} categories</source>
        <translation>{} 个类别</translation>
    </message>
    <message>
        <source>Pickup time field</source>
        <translation>上车时间字段</translation>
    </message>
    <message>
        <source>pickup time</source>
        <translation>上车时间</translation>
    </message>
    <message>
        <source>Optional: when each trip started (date-times or hours 0-23), for each region's trips per hour of the day.</source>
        <translation>可选：每次行程开始的时间（日期时间或 0-23 的小时），用于统计各区域在一天中每小时的行程。</translation>
    </message>
    <message>
        <source>Layer '{}' (OD table) has no trip times: clear the pickup time field (TIME_FIELD in Processing) and give hourly flows instead.</source>
        <translation>图层“{}”（OD 表）没有行程时间：请清空上车时间字段（处理工具箱中的 TIME_FIELD），改为提供逐时流量。</translation>
    </message>
    <message>
        <source>Pickup time field (optional, points or lines: trips per hour of the day)</source>
        <translation>上车时间字段（可选，点或线：一天中每小时的行程）</translation>
    </message>
    <message>
        <source>Groups regions with similar embeddings: k-means (scikit-learn, 10 starts) on the emb_* fields. The output is the input layer with the cluster number (0 to k-1) in the chosen field, shown with one colour per cluster. Clusters are numbered by size, 0 the largest, and the same seed gives the same numbers. k must be between 2 and the number of regions with data. A region whose emb_* values are all 0 (the engine's embedding of a region with no data in any modality) is left out: its cluster is NULL, drawn grey as 'No data', and it does not count in the silhouette. The log and the SILHOUETTE output give the silhouette score (-1 to 1, higher when regions are closer to their own cluster than to the next): run it for several k (e.g. as a batch) and compare.</source>
        <translation>将嵌入相近的区域分组：对 emb_* 字段进行 k 均值聚类（scikit-learn，10 次初始化）。输出为输入图层，并在所选字段中写入聚类编号（0 到 k-1），每个聚类一种颜色。聚类按规模编号，0 为最大，相同的随机种子给出相同的编号。k 必须介于 2 与有数据的区域数之间。emb_* 字段全为 0 的区域（引擎对在任何模态中都没有数据的区域给出的嵌入）不参与聚类：其聚类编号为 NULL，以灰色“无数据”显示，也不计入轮廓系数。日志和 SILHOUETTE 输出给出轮廓系数（-1 到 1，区域离自身聚类比离最近的其他聚类越近则越高）：请对多个 k 运行（例如批处理）并比较。</translation>
    </message>
    <message>
        <source>Silhouette score</source>
        <translation>轮廓系数</translation>
    </message>
    <message>
        <source>Silhouette score: {:.3f} (-1 to 1; compare it across k)</source>
        <translation>轮廓系数：{:.3f}（-1 到 1；请在不同 k 之间比较）</translation>
    </message>
    <message>
        <source>Done, with {} warnings (see the Log).</source>
        <translation>完成，有 {} 条警告（见日志）。</translation>
    </message>
    <message>
        <source>Warnings: {} (first: {})</source>
        <translation>警告：{} 条（第一条：{}）</translation>
    </message>
    <message>
        <source>Trains MTGRR on the regions and every modality given, in the MTGRR engine (a separate Python with PyTorch), and writes one embedding per region (emb_* fields, a colour, a cluster, the modality weights and, with an attribute to predict, pred_&lt;attribute&gt;) plus the trained model file for 'Apply a trained model'.

Each optional modality needs its field(s): POI category, trip coordinates (optionally a pickup time field, for trips per hour of the day; or origin/destination/count for an OD table, optionally with a table of hourly flows per region: fields prefix + 00..23 of trips leaving and entering, out_h and in_h unless the advanced prefixes say otherwise), land-use class, road class, street-view image path. POI, land use, roads and remote sensing also take a table without geometry of precomputed features per region: their field is then the table's region id field. Advanced: epochs, embedding size, seed, device, clusters, a hexagon grid instead of a regions layer, and each region's trips to and from every other region as extra mobility features (strong with many trips per pair of regions; at most 2,000 regions). The job file, exported inputs, report, maps and styles are kept in the folder '&lt;output name&gt;_run' beside the output.</source>
        <translation>在 MTGRR 引擎（一个带 PyTorch 的独立 Python）中，用区域和给定的每种模态训练 MTGRR，并为每个区域写出一个嵌入（emb_* 字段、一种颜色、一个聚类、各模态权重，以及在给定要预测的属性时的 pred_&lt;属性&gt;），同时写出供“应用训练好的模型”使用的模型文件。

每种可选模态都需要其字段：兴趣点类别、行程坐标（可选上车时间字段，用于统计一天中每小时的行程；或 OD 表的起点/终点/行程数，可选按区域的逐时流量表：前缀 + 00..23 的驶出和驶入行程字段，除非高级前缀另行指定，否则为 out_h 和 in_h）、土地利用类别、道路类别、街景图像路径。兴趣点、土地利用、道路和遥感也接受一张无几何的按区域预先计算的特征表：此时其字段为该表的区域编号字段。高级：训练轮数、嵌入维度、随机种子、设备、聚类数、用六边形网格代替区域图层，以及将每个区域往返所有其他区域的行程作为额外的出行特征（区域对之间行程多时效果好；最多 2000 个区域）。任务文件、导出的输入、报告、地图和样式保存在输出旁边的“&lt;输出名&gt;_run”文件夹中。</translation>
    </message>
    <message>
        <source>Layer {}: none of its first relative image paths (e.g. '{}') is found from {}. Make the paths absolute, or save the QGIS project in the folder they start from.</source>
        <translation>图层{}：其前几个相对图像路径（例如“{}”）从 {} 均找不到。请将路径改为绝对路径，或将 QGIS 项目保存在这些路径的起始文件夹中。</translation>
    </message>
    <message>
        <source>the run folder</source>
        <translation>运行文件夹</translation>
    </message>
    <message>
        <source>Each trip's pickup and dropoff x/y fields, in a point layer or a table.</source>
        <translation>每条行程的上车和下车 x/y 字段，位于点图层或表中。</translation>
    </message>
    <message>
        <source>A line layer: one line per trip, from its pickup to its dropoff.</source>
        <translation>线图层：每条行程一条线，从上车点到下车点。</translation>
    </message>
    <message>
        <source>A table of trip counts per pair of regions: origin, destination and count fields.</source>
        <translation>按区域对统计行程数的表：起点、终点和数量字段。</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>聚类</translation>
    </message>
    <message>
        <source>Legend title (default: the field's alias, or a readable name of an MTGRR field)</source>
        <translation>图例标题（默认：字段别名，或 MTGRR 字段的易读名称）</translation>
    </message>
    <message>
        <source>Choose at least one input to learn from: points of interest, taxi trips, land use, roads, remote sensing or street view images.</source>
        <translation>请至少选择一种用于学习的输入：兴趣点、出租车行程、土地利用、道路、遥感或街景图像。</translation>
    </message>
    <message>
        <source>OD flows</source>
        <translation>OD 流量</translation>
    </message>
    <message>
        <source>Spatial cross-validation (hold out blocks of neighbouring regions)</source>
        <translation>空间交叉验证（留出相邻区域组成的区块）</translation>
    </message>
    <message>
        <source>Out-of-fold, blocks of neighbouring regions held out, on {n} regions with a value: R² {r2:.3f}, MAE {mae}, RMSE {rmse}</source>
        <translation>折外（留出相邻区域区块），基于 {n} 个有值的区域：R² {r2:.3f}，MAE {mae}，RMSE {rmse}</translation>
    </message>
    <message>
        <source>Layer '{}' has no geometry, and spatial cross-validation places each region: choose the embeddings layer with its polygons, or switch spatial cross-validation off.</source>
        <translation>图层“{}”没有几何，而空间交叉验证需要确定每个区域的位置：请选择带有多边形的嵌入图层，或关闭空间交叉验证。</translation>
    </message>
    <message>
        <source>The output {0} is the file that layer {1} is read from: writing the output would replace the whole file, deleting that layer and every other one in it. Choose another file name for the output (e.g. {2}).</source>
        <translation>输出 {0} 正是图层{1}所读取的文件：写入输出会替换整个文件，删除该图层及其中的所有其他图层。请为输出选择另一个文件名（例如 {2}）。</translation>
    </message>
    <message>
        <source>The output is table '{0}' of {1}, which layer {2} is read from: writing the output would replace that layer. Choose another table name for the output.</source>
        <translation>输出是 {1} 中的表“{0}”，图层{2}正是从中读取的：写入输出会替换该图层。请为输出选择另一个表名。</translation>
    </message>
    <message>
        <source>The map has {0} classes, not the {1} asked for: field '{2}' of layer '{3}' takes only {4} distinct values, and a class holds at least one.</source>
        <translation>地图有 {0} 个类别，而非所要求的 {1} 个：图层“{3}”的字段“{2}”只有 {4} 个不同的值，而每个类别至少包含一个值。</translation>
    </message>
    <message>
        <source>The map has {0} classes, not the {1} asked for: {2} gave bounds that repeat on field '{3}' (many regions share a value), and those empty classes were left out. Another classification may give more.</source>
        <translation>地图有 {0} 个类别，而非所要求的 {1} 个：{2} 在字段“{3}”上给出了重复的分界（许多区域的值相同），这些空类别已被略去。其他分类方法可能给出更多类别。</translation>
    </message>
    <message>
        <source>restore it from the plugin.</source>
        <translation>请从插件中恢复它。</translation>
    </message>
    <message>
        <source>in the layout designer, give items of these kinds these ids (Item Properties &gt; Item ID), then save it again as a template; or leave the layout template empty for the plugin's own.</source>
        <translation>请在布局设计器中为这些类型的项目设置这些 ID（项目属性 &gt; 项目 ID），然后重新保存为模板；或将布局模板留空以使用插件自带的模板。</translation>
    </message>
    <message>
        <source>The layout template {} cannot be read ({}).</source>
        <translation>无法读取布局模板 {}（{}）。</translation>
    </message>
    <message>
        <source>The layout template {} is not valid XML: choose a .qpt file saved by QGIS's layout designer.</source>
        <translation>布局模板 {} 不是有效的 XML：请选择由 QGIS 布局设计器保存的 .qpt 文件。</translation>
    </message>
    <message>
        <source>The layout template {} has no item of these ids and kinds: {}. Fix: {}</source>
        <translation>布局模板 {} 中没有以下 ID 和类型的项目：{}。修正：{}</translation>
    </message>
    <message>
        <source>The layout template {} does not exist: choose a .qpt file, or leave it empty.</source>
        <translation>布局模板 {} 不存在：请选择一个 .qpt 文件，或留空。</translation>
    </message>
    <message>
        <source>Layout template (.qpt; default: the plugin's A4 landscape layout)</source>
        <translation>布局模板（.qpt；默认：插件自带的 A4 横向布局）</translation>
    </message>
</context>
</TS>
