<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>@default</name>
    <message>
        <location filename="../plugin/main.py" line="44"/>
        <source>Learn region representations</source>
        <translation>Apprendre des représentations de régions</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="155"/>
        <source>The MTGRR engine (a Python environment with PyTorch) is not installed yet. Install it, or choose an existing one in the settings.</source>
        <translation>Le moteur MTGRR (un environnement Python avec PyTorch) n'est pas encore installé. Installez-le, ou choisissez-en un existant dans les paramètres.</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="163"/>
        <source>Install engine…</source>
        <translation>Installer le moteur…</translation>
    </message>
    <message>
        <location filename="../plugin/main.py" line="48"/>
        <source>Engine settings…</source>
        <translation>Paramètres du moteur…</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="173"/>
        <source>Regions (required)</source>
        <translation>Régions (obligatoire)</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="175"/>
        <source>Regions layer</source>
        <translation>Couche de régions</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="176"/>
        <source>Hexagon grid</source>
        <translation>Grille hexagonale</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="177"/>
        <source>Generate a hexagon grid of this cell width over the input layers.</source>
        <translation>Générer une grille hexagonale de cette largeur de cellule sur les couches d'entrée.</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="188"/>
        <source> m</source>
        <translation> m</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="190"/>
        <source>Region id field</source>
        <translation>Champ d'identifiant de région</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="196"/>
        <source>Points of interest</source>
        <translation>Points d'intérêt</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="277"/>
        <source>Layer</source>
        <translation>Couche</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="201"/>
        <source>Category field</source>
        <translation>Champ de catégorie</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="205"/>
        <source>Taxi trips</source>
        <translation>Trajets de taxi</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="210"/>
        <source>Coordinates</source>
        <translation>Coordonnées</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="211"/>
        <source>Trip lines</source>
        <translation>Lignes</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="214"/>
        <source>Trips are</source>
        <translation>Les trajets sont</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="226"/>
        <source>Pickup x</source>
        <translation>X de prise en charge</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="227"/>
        <source>Pickup y</source>
        <translation>Y de prise en charge</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="228"/>
        <source>Dropoff x</source>
        <translation>X de dépose</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="229"/>
        <source>Dropoff y</source>
        <translation>Y de dépose</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="230"/>
        <source>CRS of the coordinate fields when the trips table has no geometry.</source>
        <translation>SCR des champs de coordonnées lorsque la table des trajets n'a pas de géométrie.</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="231"/>
        <source>Coordinates CRS</source>
        <translation>SCR des coordonnées</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="240"/>
        <source>Origin region id</source>
        <translation>Identifiant de la région d'origine</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="241"/>
        <source>Destination region id</source>
        <translation>Identifiant de la région de destination</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="242"/>
        <source>Trip count</source>
        <translation>Nombre de trajets</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="248"/>
        <source>Land use</source>
        <translation>Occupation du sol</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="262"/>
        <source>Class field</source>
        <translation>Champ de classe</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="257"/>
        <source>Roads</source>
        <translation>Routes</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="266"/>
        <source>Remote sensing</source>
        <translation>Télédétection</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="273"/>
        <source>Street view images</source>
        <translation>Images de rue</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="278"/>
        <source>Image path field</source>
        <translation>Champ du chemin d'image</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="282"/>
        <source>Results</source>
        <translation>Résultats</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="284"/>
        <source>Selected features only</source>
        <translation>Seulement la sélection</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="285"/>
        <source>Layers with a selection contribute only their selected features.</source>
        <translation>Les couches ayant une sélection ne fournissent que leurs entités sélectionnées.</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="295"/>
        <source>Attribute to predict</source>
        <translation>Attribut à prédire</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="296"/>
        <source>Number of clusters</source>
        <translation>Nombre de groupes</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="297"/>
        <source>Output folder</source>
        <translation>Dossier de sortie</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="301"/>
        <source>Advanced</source>
        <translation>Avancé</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="313"/>
        <source>Automatic</source>
        <translation>Automatique</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="322"/>
        <source>Embedding size</source>
        <translation>Taille de l'embedding</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="323"/>
        <source>Epochs</source>
        <translation>Époques</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="324"/>
        <source>Random seed</source>
        <translation>Graine aléatoire</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="325"/>
        <source>Device</source>
        <translation>Matériel de calcul</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="332"/>
        <source>Run</source>
        <translation>Exécuter</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="333"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="341"/>
        <source>Ready.</source>
        <translation>Prêt.</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="350"/>
        <source>Log</source>
        <translation>Journal</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="523"/>
        <source>MTGRR</source>
        <translation>MTGRR</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="448"/>
        <source>The MTGRR engine was not found: click 'Install engine…' or choose its Python in the settings.</source>
        <translation>Le moteur MTGRR est introuvable : cliquez sur « Installer le moteur… » ou choisissez son Python dans les paramètres.</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="474"/>
        <source>Job file: {}</source>
        <translation>Fichier de tâche : {}</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="482"/>
        <source>Starting the engine…</source>
        <translation>Démarrage du moteur…</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="493"/>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="504"/>
        <source>Cancelled; nothing was written.</source>
        <translation>Annulé ; rien n'a été écrit.</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="506"/>
        <source>Run cancelled.</source>
        <translation>Exécution annulée.</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="508"/>
        <source>The engine gave no result.</source>
        <translation>Le moteur n'a donné aucun résultat.</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="509"/>
        <source>Failed.</source>
        <translation>Échec.</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="521"/>
        <source>Done.</source>
        <translation>Terminé.</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="523"/>
        <source>Region representations are ready. Report: {}</source>
        <translation>Les représentations de régions sont prêtes. Rapport : {}</translation>
    </message>
    <message>
        <location filename="../plugin/engine.py" line="129"/>
        <source>No engine Python interpreter was found. Use &apos;Install engine&apos; or choose one.</source>
        <translation>Aucun interpréteur Python du moteur n'a été trouvé. Utilisez « Installer le moteur » ou choisissez-en un.</translation>
    </message>
    <message>
        <location filename="../plugin/engine.py" line="140"/>
        <source>The engine interpreter could not be run: {}</source>
        <translation>L'interpréteur du moteur n'a pas pu être lancé : {}</translation>
    </message>
    <message>
        <location filename="../plugin/engine.py" line="233"/>
        <source>MTGRR: learning region representations</source>
        <translation>MTGRR : apprentissage des représentations de régions</translation>
    </message>
    <message>
        <location filename="../plugin/engine.py" line="267"/>
        <source>Outputs: {}</source>
        <translation>Sorties : {}</translation>
    </message>
    <message>
        <location filename="../plugin/engine.py" line="277"/>
        <source>The engine could not be started: {}</source>
        <translation>Le moteur n'a pas pu être démarré : {}</translation>
    </message>
    <message>
        <location filename="../plugin/engine.py" line="283"/>
        <source>The engine stopped with exit code {}:
{}</source>
        <translation>Le moteur s'est arrêté avec le code de sortie {} :
{}</translation>
    </message>
    <message>
        <location filename="../plugin/engine.py" line="295"/>
        <source>MTGRR: installing the engine</source>
        <translation>MTGRR : installation du moteur</translation>
    </message>
    <message>
        <location filename="../plugin/engine.py" line="316"/>
        <source>Step {} failed with exit code {}: {}</source>
        <translation>L'étape {} a échoué avec le code de sortie {} : {}</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="84"/>
        <source>points</source>
        <translation>des points</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="84"/>
        <source>lines</source>
        <translation>des lignes</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="84"/>
        <source>polygons</source>
        <translation>des polygones</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="84"/>
        <source>no geometry</source>
        <translation>des données sans géométrie</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="187"/>
        <source>Layer {} cannot be read: check that its file still exists.</source>
        <translation>La couche {} est illisible : vérifiez que son fichier existe toujours.</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="105"/>
        <source>Layer {} has {}, but {} are needed.</source>
        <translation>La couche {} contient {}, mais il faut {}.</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="195"/>
        <source>Layer {} has no coordinate reference system: set one in its Properties &gt; Source.</source>
        <translation>La couche {} n'a pas de système de coordonnées de référence : définissez-en un dans Propriétés &gt; Source.</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="117"/>
        <source>Layer {} has no features.</source>
        <translation>La couche {} n'a aucune entité.</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="121"/>
        <source>Layer {}: choose the {} field.</source>
        <translation>Couche {} : choisissez le champ {}.</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="123"/>
        <source>Layer {} has no field &apos;{}&apos;. Did you mean &apos;{}&apos;? Its fields: {}.</source>
        <translation>La couche {} n'a pas de champ « {} ». Vouliez-vous dire « {} » ? Ses champs : {}.</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="123"/>
        <source>The attribute to predict &apos;{}&apos; of layer &apos;{}&apos; is not numeric: choose a numeric field.</source>
        <translation>L'attribut à prédire « {} » de la couche « {} » n'est pas numérique : choisissez un champ numérique.</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="123"/>
        <source>Layer {} has no field &apos;{}&apos;. Its fields: {}.</source>
        <translation>La couche {} n'a pas de champ « {} ». Ses champs : {}.</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="127"/>
        <source>The hexagon grid needs a cell size above 0 metres.</source>
        <translation>La grille hexagonale nécessite une taille de cellule supérieure à 0 mètre.</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="132"/>
        <source>A generated grid needs at least one input layer with locations to cover; add one, or choose a regions layer.</source>
        <translation>Une grille générée nécessite au moins une couche d'entrée avec des géométries à couvrir ; ajoutez-en une, ou choisissez une couche de régions.</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="138"/>
        <source>An attribute to predict needs a regions layer, not a generated grid.</source>
        <translation>Un attribut à prédire nécessite une couche de régions, pas une grille générée.</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="140"/>
        <source>Choose a regions layer (polygons), or generate a hexagon grid.</source>
        <translation>Choisissez une couche de régions (polygones), ou générez une grille hexagonale.</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="142"/>
        <source>region id</source>
        <translation>d'identifiant de région</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="144"/>
        <source>attribute to predict</source>
        <translation>de l'attribut à prédire</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="145"/>
        <source>regions</source>
        <translation>régions</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="148"/>
        <source>POI</source>
        <translation>POI</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="148"/>
        <source>category</source>
        <translation>de catégorie</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="151"/>
        <source>OD table</source>
        <translation>table OD</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="151"/>
        <source>origin</source>
        <translation>d'origine</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="151"/>
        <source>destination</source>
        <translation>de destination</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="160"/>
        <source>Layer &apos;{}&apos; (OD table): choose the trip count field.</source>
        <translation>Couche « {} » (table OD) : choisissez le champ du nombre de trajets.</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="173"/>
        <source>taxi trips</source>
        <translation>trajets de taxi</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="167"/>
        <source>pickup x</source>
        <translation>X de prise en charge</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="168"/>
        <source>pickup y</source>
        <translation>Y de prise en charge</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="169"/>
        <source>dropoff x</source>
        <translation>X de dépose</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="170"/>
        <source>dropoff y</source>
        <translation>Y de dépose</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="175"/>
        <source>Layer &apos;{}&apos; (taxi trips) has no CRS: choose the CRS of its pickup/dropoff coordinates.</source>
        <translation>La couche « {} » (trajets de taxi) n'a pas de SCR : choisissez le SCR de ses coordonnées de prise en charge/dépose.</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="181"/>
        <source>land use</source>
        <translation>occupation du sol</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="183"/>
        <source>class</source>
        <translation>de classe</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="183"/>
        <source>roads</source>
        <translation>routes</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="189"/>
        <source>Layer {} is not a local raster file: save it as a GeoTIFF (Export &gt; Save As) and choose that.</source>
        <translation>La couche {} n'est pas un fichier raster local : enregistrez-la en GeoTIFF (Exporter &gt; Enregistrer sous) et choisissez ce fichier.</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="201"/>
        <source>street view</source>
        <translation>images de rue</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="201"/>
        <source>image path</source>
        <translation>du chemin d'image</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="203"/>
        <source>The number of clusters must be at least 2.</source>
        <translation>Le nombre de groupes doit être d'au moins 2.</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="249"/>
        <source>Layer &apos;{}&apos; could not be written to {}: {}</source>
        <translation>La couche « {} » n'a pas pu être écrite dans {} : {}</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="373"/>
        <source>cannot write {} to a job file</source>
        <translation>impossible d'écrire {} dans un fichier de tâche</translation>
    </message>
    <message>
        <location filename="../plugin/main.py" line="42"/>
        <source>&amp;MTGRR region representations</source>
        <translation>&amp;Représentations de régions MTGRR</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="30"/>
        <source>MTGRR engine settings</source>
        <translation>Paramètres du moteur MTGRR</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="40"/>
        <source>Engine Python interpreter</source>
        <translation>Interpréteur Python du moteur</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="47"/>
        <source>Detect</source>
        <translation>Détecter</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="48"/>
        <source>Check engine</source>
        <translation>Vérifier le moteur</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="49"/>
        <source>Copy report</source>
        <translation>Copier le rapport</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="50"/>
        <source>Install engine</source>
        <translation>Installer le moteur</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="76"/>
        <source>Engine found: {}</source>
        <translation>Moteur trouvé : {}</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="78"/>
        <source>No engine found in the settings, the plugin&apos;s .venv or a &apos;mtgrr&apos; on PATH.</source>
        <translation>Aucun moteur trouvé dans les paramètres, dans le .venv de l'extension ni comme « mtgrr » dans le PATH.</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="92"/>
        <source>The engine works.</source>
        <translation>Le moteur fonctionne.</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="92"/>
        <source>The engine is not usable; see the report.</source>
        <translation>Le moteur n'est pas utilisable ; voir le rapport.</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="106"/>
        <source>No Python interpreter was found to create the engine&apos;s environment.</source>
        <translation>Aucun interpréteur Python n'a été trouvé pour créer l'environnement du moteur.</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="125"/>
        <source>The engine needs Python 3.11 or later, but {} is Python {}. Create an environment with a newer Python (python -m venv, then pip install -r engine/requirements.txt and pip install --no-deps -e engine) and choose its interpreter above.</source>
        <translation>Le moteur demande Python 3.11 ou plus récent, mais {} est Python {}. Créez un environnement avec un Python plus récent (python -m venv, puis pip install -r engine/requirements.txt et pip install --no-deps -e engine) et choisissez son interpréteur ci-dessus.</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="116"/>
        <source>Installing the engine; this downloads PyTorch and can take several minutes…</source>
        <translation>Installation du moteur ; cela télécharge PyTorch et peut prendre plusieurs minutes…</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="127"/>
        <source>The engine is installed.</source>
        <translation>Le moteur est installé.</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="129"/>
        <source>Installation cancelled.</source>
        <translation>Installation annulée.</translation>
    </message>
    <message>
        <location filename="../plugin/settings_dialog.py" line="131"/>
        <source>Installation failed: {}</source>
        <translation>Échec de l'installation : {}</translation>
    </message>
    <message>
        <location filename="../plugin/styling.py" line="78"/>
        <source>Cluster {}</source>
        <translation>Groupe {}</translation>
    </message>
    <message>
        <location filename="../plugin/styling.py" line="92"/>
        <source>The result layer &apos;{}&apos; in {} cannot be read.</source>
        <translation>La couche de résultats « {} » de {} est illisible.</translation>
    </message>
    <message>
        <location filename="../plugin/styling.py" line="99"/>
        <source>The style {} could not be saved: {}</source>
        <translation>Le style {} n'a pas pu être enregistré : {}</translation>
    </message>
    <message>
        <location filename="../plugin/styling.py" line="116"/>
        <source>The result layer has no field &apos;{}&apos;.</source>
        <translation>La couche de résultats n'a pas de champ « {} ».</translation>
    </message>
    <message>
        <location filename="../plugin/styling.py" line="117"/>
        <source>Predicted {}</source>
        <translation>{} prédit</translation>
    </message>
    <message>
        <location filename="../plugin/styling.py" line="122"/>
        <source>Clusters</source>
        <translation>Groupes</translation>
    </message>
    <message>
        <location filename="../plugin/styling.py" line="127"/>
        <source>Embedding colours</source>
        <translation>Couleurs des embeddings</translation>
    </message>
    <message>
        <location filename="../plugin/styling.py" line="134"/>
        <source>Modality weight: {}</source>
        <translation>Poids de la modalité : {}</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="316"/>
        <source>Adds two columns per region (at most 2,000 regions). Strong when the trips are many per pair of regions; the trained model then only embeds this set of regions.</source>
        <translation>Ajoute deux colonnes par région (2 000 régions au plus). Utile quand les trajets sont nombreux par paire de régions ; le modèle entraîné ne représente alors que cet ensemble de régions.</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="251"/>
        <source>Hourly flows</source>
        <translation>Flux horaires</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="252"/>
        <source>Hourly flows region id</source>
        <translation>Identifiant de région des flux horaires</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="190"/>
        <source>Layer &apos;{}&apos; (hourly flows) goes with an origin-destination table: set the taxi trips to one (Trips are: OD flows; TRIPS_MODE 2 in Processing), or clear the hourly flows.</source>
        <translation>La couche « {} » (flux horaires) va avec une table origine-destination : réglez les trajets de taxi sur une telle table (Les trajets sont : Flux OD ; TRIPS_MODE 2 dans la boîte à outils de traitements), ou retirez les flux horaires.</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="193"/>
        <source>hourly flows</source>
        <translation>flux horaires</translation>
    </message>
    <message>
        <location filename="../plugin/jobs.py" line="210"/>
        <source>remote sensing</source>
        <translation>télédétection</translation>
    </message>
    <message>
        <source>The prefix of the 24 fields of trips leaving each region (prefix + 00..23).</source>
        <translation>Le préfixe des 24 champs des trajets qui quittent chaque région (préfixe + 00..23).</translation>
    </message>
    <message>
        <source>The prefix of the 24 fields of trips entering each region (prefix + 00..23).</source>
        <translation>Le préfixe des 24 champs des trajets qui entrent dans chaque région (préfixe + 00..23).</translation>
    </message>
    <message>
        <source>Hourly prefix, leaving</source>
        <translation>Préfixe horaire, sortants</translation>
    </message>
    <message>
        <source>Hourly prefix, entering</source>
        <translation>Préfixe horaire, entrants</translation>
    </message>
    <message>
        <source>Layer '{layer}' (hourly flows) lacks {count} of the 48 fields it needs, e.g. '{field}': {out}00..{out}23 (trips leaving) and {inn}00..{inn}23 (trips entering); set the hourly prefixes (Hourly prefix, leaving / entering; HOURLY_OUT_PREFIX / HOURLY_IN_PREFIX in Processing) to the names the layer uses.</source>
        <translation>Il manque à la couche « {layer} » (flux horaires) {count} des 48 champs qu'il lui faut, par ex. « {field} » : {out}00..{out}23 (trajets sortants) et {inn}00..{inn}23 (trajets entrants) ; réglez les préfixes horaires (Préfixe horaire, sortants / entrants ; HOURLY_OUT_PREFIX / HOURLY_IN_PREFIX dans la boîte à outils de traitements) sur les noms qu'utilise la couche.</translation>
    </message>
    <message>
        <source>The layer seems to use '{}' (leaving) and '{}' (entering).</source>
        <translation>La couche semble utiliser « {} » (sortants) et « {} » (entrants).</translation>
    </message>
    <message>
        <source>Layer '{}' (hourly flows): give two different field prefixes, one for the trips leaving and one for the trips entering (Hourly prefix, leaving / entering; HOURLY_OUT_PREFIX / HOURLY_IN_PREFIX in Processing), e.g. out_h and in_h for out_h00..out_h23 and in_h00..in_h23.</source>
        <translation>Couche « {} » (flux horaires) : donnez deux préfixes de champs différents, l'un pour les trajets sortants et l'autre pour les trajets entrants (Préfixe horaire, sortants / entrants ; HOURLY_OUT_PREFIX / HOURLY_IN_PREFIX dans la boîte à outils de traitements), par ex. out_h et in_h pour out_h00..out_h23 et in_h00..in_h23.</translation>
    </message>
    <message>
        <source>Optional: a table of trips leaving and entering each region per hour (24 fields per direction, named by the prefixes below + 00..23: out_h00..out_h23 and in_h00..in_h23 unless the table names them otherwise), the hourly profile an OD table lacks.</source>
        <translation>Facultatif : une table des trajets par heure qui quittent chaque région et qui y entrent (24 champs par sens, nommés par les préfixes ci-dessous + 00..23 : out_h00..out_h23 et in_h00..in_h23 sauf si la table les nomme autrement), le profil horaire qui manque à une table OD.</translation>
    </message>
    <message>
        <source>Layer {}</source>
        <translation>Couche {}</translation>
    </message>
    <message>
        <source>The attribute to predict '{}' of layer '{}'</source>
        <translation>L'attribut à prédire « {} » de la couche « {} »</translation>
    </message>
    <message>
        <source>The hexagon grid ({} m cells)</source>
        <translation>La grille hexagonale (cellules de {} m)</translation>
    </message>
    <message>
        <source>check the layer's CRS in Layer Properties &gt; Source: it must be the CRS its coordinates are in.</source>
        <translation>vérifiez le SCR de la couche dans Propriétés de la couche &gt; Source : ce doit être le SCR de ses coordonnées.</translation>
    </message>
    <message>
        <source>choose the CRS the pickup and dropoff coordinates are in.</source>
        <translation>choisissez le SCR des coordonnées de prise en charge et de dépose.</translation>
    </message>
    <message>
        <source>{}: {} Fix: {}</source>
        <translation>{} : {} Correction : {}</translation>
    </message>
    <message>
        <source> and </source>
        <translation> et </translation>
    </message>
    <message>
        <source>'Check engine' lists here the chosen Python's packages, its device and the free disk space.</source>
        <translation>« Vérifier le moteur » affiche ici les paquets du Python choisi, son matériel de calcul et l'espace disque libre.</translation>
    </message>
    <message>
        <source>Layer {}: the field '{}' is chosen as {}: choose a different field for each.</source>
        <translation>Couche {} : le champ « {} » est choisi comme champ {} : choisissez un champ différent pour chacun.</translation>
    </message>
    <message>
        <source>Not started: see the problems above.</source>
        <translation>Non lancé : voir les problèmes ci-dessus.</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>époque</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>perte</translation>
    </message>
    <message>
        <source>trip count</source>
        <translation>du nombre de trajets</translation>
    </message>
    <message>
        <source>{} (and {} more in the MTGRR dock)</source>
        <translation>{} (et {} autre(s) dans le panneau MTGRR)</translation>
    </message>
    <message>
        <source>reading the inputs</source>
        <translation>lecture des données</translation>
    </message>
    <message>
        <source>remote sensing features</source>
        <translation>variables de télédétection</translation>
    </message>
    <message>
        <source>raster image features</source>
        <translation>variables des images raster</translation>
    </message>
    <message>
        <source>street-view images</source>
        <translation>images de rue</translation>
    </message>
    <message>
        <source>training</source>
        <translation>entraînement</translation>
    </message>
    <message>
        <source>writing the results</source>
        <translation>écriture des résultats</translation>
    </message>
    <message>
        <source>evaluating</source>
        <translation>évaluation</translation>
    </message>
    <message>
        <source>Mobility: trips to and from every region as features</source>
        <translation>Mobilité : trajets vers et depuis chaque région comme variables</translation>
    </message>
    <message>
        <source>Layer CRS</source>
        <translation>De la couche</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="44"/>
        <source>Embeddings layer (emb_* fields)</source>
        <translation>Couche d'embeddings (champs emb_*)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="54"/>
        <source>Layer '{}' has no emb_* fields: choose the embeddings layer written by 'Learn region representations'.</source>
        <translation>La couche « {} » n'a pas de champs emb_* : choisissez la couche d'embeddings écrite par « Apprendre des représentations de régions ».</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="62"/>
        <source>{} regions, {} embedding dimensions</source>
        <translation>{} régions, {} dimensions d'embedding</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="107"/>
        <source>The output layer could not be written: {}</source>
        <translation>La couche de sortie n'a pas pu être écrite : {}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="126"/>
        <source>Predict region attribute</source>
        <translation>Prédire un attribut des régions</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="129"/>
        <source>Predicts a numeric attribute known on some regions for all regions from their embedding (ridge regression on the emb_* fields, standardised, penalty chosen by cross-validation). Regions with a known value get an out-of-fold prediction, so the metrics R², MAE and RMSE (in the log and as outputs) are honest. Leave the value empty (NULL) where it is unknown. A region whose emb_* values are all 0 (no data in any modality) is left out of the model and the metrics, and its prediction is NULL. The output is the input layer with a pred_&lt;field&gt; field. With 'Spatial cross-validation' the folds are compact blocks of neighbouring regions instead of scattered ones: the metrics then say how well an area with no known value is predicted (e.g. a district a survey missed), which is usually lower than filling the gaps between known regions.</source>
        <translation>Prédit pour toutes les régions, à partir de leur embedding, un attribut numérique connu sur certaines d'entre elles (régression ridge sur les champs emb_* standardisés, pénalité choisie par validation croisée). Les régions dont la valeur est connue reçoivent une prédiction hors pli, si bien que les métriques R², MAE et RMSE (dans le journal et en sorties) ne sont pas surestimées. Laissez la valeur vide (NULL) là où elle est inconnue. Une région dont les champs emb_* valent tous 0 (aucune donnée dans aucune modalité) est exclue du modèle et des métriques, et sa prédiction est NULL. La sortie est la couche d'entrée avec un champ pred_&lt;champ&gt;. Avec « Validation croisée spatiale », les plis sont des blocs compacts de régions voisines au lieu de régions dispersées : les métriques disent alors avec quelle qualité une zone sans aucune valeur connue est prédite (par exemple un quartier qu'une enquête a manqué), ce qui est en général moins bon que de combler les trous entre régions connues.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="142"/>
        <source>Attribute to predict (numeric)</source>
        <translation>Attribut à prédire (numérique)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="150"/>
        <source>Cross-validation folds</source>
        <translation>Plis de validation croisée</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="157"/>
        <source>Predictions</source>
        <translation>Prédictions</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="162"/>
        <source>Regions with a value</source>
        <translation>Régions ayant une valeur</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="178"/>
        <source>Field '{0}' of layer '{1}' is not numeric ({2}): choose a numeric field, or convert it (Field Calculator: to_real("{0}")). A CSV file's columns are text unless a .csvt file beside it gives their types.</source>
        <translation>Le champ « {0} » de la couche « {1} » n'est pas numérique ({2}) : choisissez un champ numérique, ou convertissez-le (calculatrice de champ : to_real("{0}")). Les colonnes d'un fichier CSV sont du texte, sauf si un fichier .csvt à côté de lui donne leurs types.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="193"/>
        <source>Out-of-fold on {n} regions with a value: R² {r2:.3f}, MAE {mae}, RMSE {rmse}</source>
        <translation>Hors pli, sur {n} régions ayant une valeur : R² {r2:.3f}, MAE {mae}, RMSE {rmse}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="216"/>
        <source>Cluster regions</source>
        <translation>Regrouper les régions</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="228"/>
        <source>Number of clusters (k)</source>
        <translation>Nombre de groupes (k)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="231"/>
        <source>Cluster field</source>
        <translation>Champ de groupe</translation>
    </message>
    <message>
        <location filename="../plugin/processing/analyse.py" line="245"/>
        <source>The cluster field '{}' would overwrite one of the embedding's own fields. Choose another name (default: cluster).</source>
        <translation>Le champ de groupe « {} » écraserait l'un des champs propres à l'embedding. Choisissez un autre nom (par défaut : cluster).</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="43"/>
        <source>Representation learning</source>
        <translation>Apprentissage de représentations</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="43"/>
        <source>Regions</source>
        <translation>Régions</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="43"/>
        <source>Maps</source>
        <translation>Cartes</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="65"/>
        <source>The MTGRR engine was not found. Install it from the MTGRR dock (Install engine…) or choose its Python in Plugins &gt; MTGRR region representations &gt; Engine settings…</source>
        <translation>Le moteur MTGRR est introuvable. Installez-le depuis le panneau MTGRR (Installer le moteur…) ou choisissez son Python dans Extensions &gt; Représentations de régions MTGRR &gt; Paramètres du moteur…</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="106"/>
        <source>Stage: {}</source>
        <translation>Étape : {}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="113"/>
        <source>Cancelled: the engine was stopped.</source>
        <translation>Annulé : le moteur a été arrêté.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="186"/>
        <source>The output {} could not be written: {}</source>
        <translation>La sortie {} n'a pas pu être écrite : {}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="40"/>
        <source>Quantile</source>
        <translation>Quantiles (effectifs égaux)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="41"/>
        <source>Natural breaks (Jenks)</source>
        <translation>Ruptures naturelles (Jenks)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="42"/>
        <source>Equal interval</source>
        <translation>Intervalles égaux</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="58"/>
        <source>Data: {}</source>
        <translation>Données : {}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="59"/>
        <source>{} regions, {}</source>
        <translation>{} régions, {}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="62"/>
        <source>{} classes: {}</source>
        <translation>{} classes : {}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="63"/>
        <source>Made with MTGRR, {}</source>
        <translation>Réalisé avec MTGRR, {}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="94"/>
        <source>Export choropleth map</source>
        <translation>Exporter une carte choroplèthe</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="101"/>
        <source>Draws one numeric field of a layer as a choropleth (quantile, natural breaks or equal-interval classes, a QGIS colour ramp such as Viridis, Magma or Spectral), or with 'Categories' one colour per value of any field (functional zones: the cluster field), and exports it as PDF and/or PNG with an A4 landscape layout: title, map, legend, scale bar, north arrow and a source note. A layout template of your own (advanced: a .qpt saved from the layout designer) replaces it: its items with the ids title and source (labels), map, legend and scalebar are filled in, any other item (a logo, a north arrow) is exported as it is. Regions without a value are drawn grey and listed as 'No data'. The input layer's own style is not changed.</source>
        <translation>Représente un champ numérique d'une couche en carte choroplèthe (classes par quantiles, ruptures naturelles ou intervalles égaux, palette de couleurs QGIS telle que Viridis, Magma ou Spectral), ou avec « Catégories » une couleur par valeur de n'importe quel champ (zones fonctionnelles : le champ cluster), et l'exporte en PDF et/ou PNG avec une mise en page A4 paysage : titre, carte, légende, barre d'échelle, flèche du nord et note de source. Un modèle de mise en page personnel (avancé : un .qpt enregistré depuis le concepteur de mise en page) la remplace : ses éléments d'identifiants title et source (étiquettes), map, legend et scalebar sont remplis, tout autre élément (un logo, une flèche du nord) est exporté tel quel. Les régions sans valeur sont dessinées en gris et listées comme « Pas de données ». Le style propre de la couche d'entrée n'est pas modifié.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="113"/>
        <source>Field (numeric, or any with Categories)</source>
        <translation>Champ (numérique, ou quelconque avec Catégories)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="118"/>
        <source>Classification</source>
        <translation>Classification</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="123"/>
        <source>Number of classes</source>
        <translation>Nombre de classes</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="127"/>
        <source>Colour ramp (QGIS style name; default Viridis, or distinct colours for categories)</source>
        <translation>Palette de couleurs (nom dans le style QGIS ; par défaut Viridis, ou des couleurs distinctes pour les catégories)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="130"/>
        <source>Title (default: the field name)</source>
        <translation>Titre (par défaut : le nom du champ)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="135"/>
        <source>Source note (default: data file, classes, date)</source>
        <translation>Note de source (par défaut : fichier de données, classes, date)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="142"/>
        <source>PNG resolution (dpi)</source>
        <translation>Résolution PNG (dpi)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="148"/>
        <source>PDF map</source>
        <translation>Carte PDF</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="148"/>
        <source>PDF files (*.pdf)</source>
        <translation>Fichiers PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="153"/>
        <source>PNG map</source>
        <translation>Carte PNG</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="153"/>
        <source>PNG images (*.png)</source>
        <translation>Images PNG (*.png)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="175"/>
        <source>There is no colour ramp '{}' in the QGIS style. Choose one of: {}.</source>
        <translation>Le style QGIS ne contient pas de palette de couleurs « {} ». Choisissez parmi : {}.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="182"/>
        <source>Choose a PDF file, a PNG file, or both.</source>
        <translation>Choisissez un fichier PDF, un fichier PNG, ou les deux.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_map.py" line="218"/>
        <source>Source note: {}</source>
        <translation>Note de source : {}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="34"/>
        <source>Create region grid</source>
        <translation>Créer une grille de régions</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="37"/>
        <source>Covers an extent with hexagon or square cells to use as regions when no administrative regions exist. The cell size is the distance between neighbouring cell centres along x (the side of a square), in the units of the chosen CRS: choose a projected CRS in metres. Hexagons overhang the extent's edges so that every point of it lies in a cell. The 'id' field is the region id.</source>
        <translation>Couvre une emprise de cellules hexagonales ou carrées, à utiliser comme régions lorsqu'il n'existe pas de régions administratives. La taille de cellule est la distance entre les centres de cellules voisines le long de x (le côté d'un carré), dans les unités du SCR choisi : choisissez un SCR projeté en mètres. Les hexagones débordent des bords de l'emprise afin que chacun de ses points se trouve dans une cellule. Le champ « id » est l'identifiant de région.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="46"/>
        <source>Extent</source>
        <translation>Emprise</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="49"/>
        <source>Cell shape</source>
        <translation>Forme des cellules</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="49"/>
        <source>hexagon</source>
        <translation>hexagone</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="49"/>
        <source>square</source>
        <translation>carré</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="54"/>
        <source>Cell size (CRS units)</source>
        <translation>Taille des cellules (unités du SCR)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="58"/>
        <source>Grid CRS (default: the extent's)</source>
        <translation>SCR de la grille (par défaut : celui de l'emprise)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="60"/>
        <source>Region grid</source>
        <translation>Grille de régions</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="67"/>
        <source>The extent has no CRS: choose the grid CRS.</source>
        <translation>L'emprise n'a pas de SCR : choisissez le SCR de la grille.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="71"/>
        <source>The cell size must be above 0 (it is {}).</source>
        <translation>La taille des cellules doit être supérieure à 0 (elle vaut {}).</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="73"/>
        <source> The CRS {} counts in degrees: choose a projected CRS (metres) as the Grid CRS.</source>
        <translation> Le SCR {} est en degrés : choisissez un SCR projeté (en mètres) comme SCR de la grille.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="80"/>
        <source>The extent ({:.6g} × {:.6g}) must be larger than one cell ({:.6g}): choose a smaller SIZE.</source>
        <translation>L'emprise ({:.6g} × {:.6g}) doit être plus grande qu'une cellule ({:.6g}) : choisissez une valeur de SIZE plus petite.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="88"/>
        <source>A cell size of {:.6g} over this extent gives about {} cells (at most {}): choose a larger SIZE.</source>
        <translation>Une taille de cellule de {:.6g} sur cette emprise donne environ {} cellules (au plus {}) : choisissez une valeur de SIZE plus grande.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/grid.py" line="95"/>
        <source>CRS {} is in degrees: the cell size {} is read as degrees. Prefer a projected CRS.</source>
        <translation>Le SCR {} est en degrés : la taille de cellule {} est lue en degrés. Préférez un SCR projeté.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="44"/>
        <source>Taxi trips (points, lines or an OD table)</source>
        <translation>Trajets de taxi (points, lignes ou table OD)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="47"/>
        <source>Pickup x field</source>
        <translation>Champ X de prise en charge</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="48"/>
        <source>Pickup y field</source>
        <translation>Champ Y de prise en charge</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="49"/>
        <source>Dropoff x field</source>
        <translation>Champ X de dépose</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="50"/>
        <source>Dropoff y field</source>
        <translation>Champ Y de dépose</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="51"/>
        <source>OD origin region id field</source>
        <translation>Champ d'identifiant de la région d'origine (OD)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="52"/>
        <source>OD destination region id field</source>
        <translation>Champ d'identifiant de la région de destination (OD)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="53"/>
        <source>OD trip count field</source>
        <translation>Champ du nombre de trajets (OD)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="58"/>
        <source>Hourly flows per region (a table of trips leaving/entering per hour; with an OD table)</source>
        <translation>Flux horaires par région (une table des trajets sortants/entrants par heure ; avec une table OD)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="60"/>
        <source>Hourly flows region id field</source>
        <translation>Champ d'identifiant de région des flux horaires</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="64"/>
        <source>Street view (points)</source>
        <translation>Images de rue (points)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="82"/>
        <source>Regions (polygons)</source>
        <translation>Régions (polygones)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="93"/>
        <source>Attribute to predict (numeric, optional)</source>
        <translation>Attribut à prédire (numérique, facultatif)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="113"/>
        <source>Hourly flows: prefix of the 24 fields of trips leaving (prefix + 00..23)</source>
        <translation>Flux horaires : préfixe des 24 champs des trajets sortants (préfixe + 00..23)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="114"/>
        <source>Hourly flows: prefix of the 24 fields of trips entering (prefix + 00..23)</source>
        <translation>Flux horaires : préfixe des 24 champs des trajets entrants (préfixe + 00..23)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="124"/>
        <source>Taxi trips are</source>
        <translation>Les trajets de taxi sont</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="126"/>
        <source>pickup/dropoff coordinates</source>
        <translation>des coordonnées de prise en charge/dépose</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="127"/>
        <source>trip lines</source>
        <translation>des lignes de trajet</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="128"/>
        <source>an origin-destination table</source>
        <translation>une table origine-destination</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="136"/>
        <source>CRS of the trip coordinates (tables without geometry)</source>
        <translation>SCR des coordonnées des trajets (tables sans géométrie)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="141"/>
        <source>Remote sensing (local GeoTIFF)</source>
        <translation>Télédétection (GeoTIFF local)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="150"/>
        <source>Hexagon grid cell width in metres instead of a regions layer (0 = use the regions)</source>
        <translation>Largeur des cellules d'une grille hexagonale en mètres, au lieu d'une couche de régions (0 = utiliser les régions)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="211"/>
        <source>Choose either a regions layer or a hexagon grid cell size, not both.</source>
        <translation>Choisissez soit une couche de régions, soit une taille de cellule de grille hexagonale, mais pas les deux.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="230"/>
        <source>The run folder {} cannot be written ({}). Choose an output in a folder you can write to.</source>
        <translation>Le dossier d'exécution {} n'est pas accessible en écriture ({}). Choisissez une sortie dans un dossier où vous pouvez écrire.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="251"/>
        <source>Region embeddings</source>
        <translation>Embeddings des régions</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="253"/>
        <source>Run report (Markdown)</source>
        <translation>Rapport d'exécution (Markdown)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="254"/>
        <source>Run folder (job, inputs, maps)</source>
        <translation>Dossier d'exécution (tâche, données d'entrée, cartes)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="261"/>
        <source>The engine's result {} cannot be read.</source>
        <translation>Le résultat du moteur {} est illisible.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="312"/>
        <source>Trips to and from every region as features (at most 2,000 regions)</source>
        <translation>Trajets vers et depuis chaque région comme variables (2 000 régions au plus)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="319"/>
        <source>Trained model</source>
        <translation>Modèle entraîné</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="319"/>
        <source>PyTorch model (*.pt)</source>
        <translation>Modèle PyTorch (*.pt)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="347"/>
        <source>Apply a trained model</source>
        <translation>Appliquer un modèle entraîné</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="350"/>
        <source>Embeds a regions dataset with a model trained by 'Learn region representations', without training. Give the modalities (and fields) of the training run: the engine names any that are missing, and skips modalities the model was not trained on, with a warning. The output has the same fields as the training output.</source>
        <translation>Calcule les embeddings d'un jeu de régions avec un modèle entraîné par « Apprendre des représentations de régions », sans réentraînement. Fournissez les modalités (et les champs) de l'entraînement : le moteur signale celles qui manquent et ignore, avec un avertissement, celles sur lesquelles le modèle n'a pas été entraîné. La sortie a les mêmes champs que la sortie de l'entraînement.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="358"/>
        <source>Trained model (model.pt)</source>
        <translation>Modèle entraîné (model.pt)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/learn.py" line="365"/>
        <source>The model file '{}' does not exist.</source>
        <translation>Le fichier de modèle « {} » n'existe pas.</translation>
    </message>
    <message>
        <source>A Shapefile keeps 10 characters of a field name: {} of the output's fields are cut (e.g. {} → {}). A GeoPackage output (.gpkg) keeps them whole.</source>
        <translation>Un Shapefile garde 10 caractères d'un nom de champ : {} des champs de la sortie sont tronqués (par ex. {} → {}). Une sortie GeoPackage (.gpkg) les garde entiers.</translation>
    </message>
    <message>
        <source>Field '{}' of layer '{}' has no value on any feature: there is nothing to map.</source>
        <translation>Le champ « {} » de la couche « {} » n'a de valeur sur aucune entité : il n'y a rien à cartographier.</translation>
    </message>
    <message>
        <source>The folder of {} cannot be made ({}): choose a folder you can write to.</source>
        <translation>Le dossier de {} ne peut pas être créé ({}) : choisissez un dossier où vous pouvez écrire.</translation>
    </message>
    <message>
        <source>The layer already has a field '{}': the cluster labels would replace its values. Choose a new field name (or 'cluster' to replace an earlier clustering).</source>
        <translation>La couche a déjà un champ « {} » : les étiquettes de groupe remplaceraient ses valeurs. Choisissez un nouveau nom de champ (ou « cluster » pour remplacer un regroupement précédent).</translation>
    </message>
    <message>
        <source>The region embeddings are written as a file of their own, with a run folder beside it: choose a file name (e.g. embeddings.gpkg), not a table inside a GeoPackage or database ({}).</source>
        <translation>Les embeddings des régions sont écrits dans un fichier à part, avec un dossier d'exécution à côté : choisissez un nom de fichier (par ex. embeddings.gpkg), pas une table dans un GeoPackage ou une base de données ({}).</translation>
    </message>
    <message>
        <source>The trained model cannot be written to {}: choose a file in a folder you can write to.</source>
        <translation>Le modèle entraîné ne peut pas être écrit dans {} : choisissez un fichier dans un dossier où vous pouvez écrire.</translation>
    </message>
    <message>
        <source>The {} map {} could not be written ({}): choose a file in a folder you can write to.</source>
        <translation>La carte {} {} n'a pas pu être écrite ({}) : choisissez un fichier dans un dossier où vous pouvez écrire.</translation>
    </message>
    <message>
        <source>{} is a folder: give a file name for the map.</source>
        <translation>{} est un dossier : donnez un nom de fichier pour la carte.</translation>
    </message>
    <message>
        <source>{} map: {}</source>
        <translation>Carte {} : {}</translation>
    </message>
    <message>
        <source>Layer '{}' gives no feature (with 'Selected features only', is anything selected?).</source>
        <translation>La couche « {} » ne fournit aucune entité (avec « Seulement la sélection », y a-t-il une sélection ?).</translation>
    </message>
    <message>
        <source>'{}' ({})</source>
        <translation>« {} » ({})</translation>
    </message>
    <message>
        <source>Layer {}: '{}' is the file's feature id, not one of its fields: choose a field that holds the region ids (or add one with the Field Calculator, e.g. $id).</source>
        <translation>Couche {} : « {} » est l'identifiant d'entité du fichier, pas l'un de ses champs : choisissez un champ qui contient les identifiants des régions (ou ajoutez-en un avec la calculatrice de champ, par ex. $id).</translation>
    </message>
    <message>
        <source>Or a table without geometry: precomputed features per region, keyed by a region id field.</source>
        <translation>Ou une table sans géométrie : des variables précalculées par région, repérées par un champ d'identifiant de région.</translation>
    </message>
    <message>
        <source>POI (points, or a table of features per region)</source>
        <translation>POI (points, ou une table de variables par région)</translation>
    </message>
    <message>
        <source>POI category field (a table: its region id field)</source>
        <translation>Champ de catégorie des POI (une table : son champ d'identifiant de région)</translation>
    </message>
    <message>
        <source>Land use (polygons, or a table of features per region)</source>
        <translation>Occupation du sol (polygones, ou une table de variables par région)</translation>
    </message>
    <message>
        <source>Land-use class field (a table: its region id field)</source>
        <translation>Champ de classe d'occupation du sol (une table : son champ d'identifiant de région)</translation>
    </message>
    <message>
        <source>Roads (lines, or a table of features per region)</source>
        <translation>Routes (lignes, ou une table de variables par région)</translation>
    </message>
    <message>
        <source>Road class field (a table: its region id field)</source>
        <translation>Champ de classe de route (une table : son champ d'identifiant de région)</translation>
    </message>
    <message>
        <source>Remote sensing as a table of features per region (instead of a raster)</source>
        <translation>Télédétection sous forme de table de variables par région (au lieu d'un raster)</translation>
    </message>
    <message>
        <source>Remote sensing table: region id field</source>
        <translation>Table de télédétection : champ d'identifiant de région</translation>
    </message>
    <message>
        <source>Layer {} is a table of per-region features: its region ids need a regions layer that has them, not a generated grid.</source>
        <translation>La couche {} est une table de variables par région : ses identifiants de région demandent une couche de régions qui les porte, pas une grille générée.</translation>
    </message>
    <message>
        <source>Remote sensing: give a raster or a table of per-region features, not both.</source>
        <translation>Télédétection : donnez un raster ou une table de variables par région, pas les deux.</translation>
    </message>
    <message>
        <source>Categories (one colour per value)</source>
        <translation>Catégories (une couleur par valeur)</translation>
    </message>
    <message>
        <source>Field '{}' of layer '{}' has {} distinct values, too many categories for a map (at most {}): choose a classification, or a field with fewer values.</source>
        <translation>Le champ « {} » de la couche « {} » a {} valeurs distinctes, trop de catégories pour une carte (au plus {}) : choisissez une classification, ou un champ avec moins de valeurs.</translation>
    </message>
    <message>
        <source>No data</source>
        <translation>Pas de données</translation>
    </message>
    <message>
        <source>Regions per cluster: {}</source>
        <translation>Régions par groupe : {}</translation>
    </message>
    <message>
        <source>{} categories</source>
        <translation>{} catégories</translation>
    </message>
    <message>
        <source>Pickup time field</source>
        <translation>Champ d'heure de prise en charge</translation>
    </message>
    <message>
        <source>pickup time</source>
        <translation>d'heure de prise en charge</translation>
    </message>
    <message>
        <source>Optional: when each trip started (date-times or hours 0-23), for each region's trips per hour of the day.</source>
        <translation>Facultatif : le moment où chaque trajet a commencé (dates-heures ou heures 0-23), pour les trajets de chaque région par heure de la journée.</translation>
    </message>
    <message>
        <source>Layer '{}' (OD table) has no trip times: clear the pickup time field (TIME_FIELD in Processing) and give hourly flows instead.</source>
        <translation>La couche « {} » (table OD) n'a pas d'heures de trajet : videz le champ d'heure de prise en charge (TIME_FIELD dans la boîte à outils de traitements) et donnez plutôt des flux horaires.</translation>
    </message>
    <message>
        <source>Pickup time field (optional, points or lines: trips per hour of the day)</source>
        <translation>Champ d'heure de prise en charge (facultatif, points ou lignes : trajets par heure de la journée)</translation>
    </message>
    <message>
        <source>Groups regions with similar embeddings: k-means (scikit-learn, 10 starts) on the emb_* fields. The output is the input layer with the cluster number (0 to k-1) in the chosen field, shown with one colour per cluster. Clusters are numbered by size, 0 the largest, and the same seed gives the same numbers. k must be between 2 and the number of regions with data. A region whose emb_* values are all 0 (the engine's embedding of a region with no data in any modality) is left out: its cluster is NULL, drawn grey as 'No data', and it does not count in the silhouette. The log and the SILHOUETTE output give the silhouette score (-1 to 1, higher when regions are closer to their own cluster than to the next): run it for several k (e.g. as a batch) and compare.</source>
        <translation>Regroupe les régions aux embeddings proches : k-moyennes (scikit-learn, 10 initialisations) sur les champs emb_*. La sortie est la couche d'entrée avec le numéro de groupe (0 à k-1) dans le champ choisi, affichée avec une couleur par groupe. Les groupes sont numérotés par taille, 0 le plus grand, et la même graine donne les mêmes numéros. k doit être compris entre 2 et le nombre de régions avec des données. Une région dont les champs emb_* valent tous 0 (l'embedding que le moteur donne à une région sans aucune donnée, dans aucune modalité) est laissée de côté : son groupe est NULL, affiché en gris « Pas de données », et elle ne compte pas dans la silhouette. Le journal et la sortie SILHOUETTE donnent le score de silhouette (-1 à 1, plus haut quand les régions sont plus proches de leur groupe que du suivant) : lancez-le pour plusieurs k (par exemple en lot) et comparez.</translation>
    </message>
    <message>
        <source>Silhouette score</source>
        <translation>Score de silhouette</translation>
    </message>
    <message>
        <source>Silhouette score: {:.3f} (-1 to 1; compare it across k)</source>
        <translation>Score de silhouette : {:.3f} (-1 à 1 ; comparez-le entre valeurs de k)</translation>
    </message>
    <message>
        <source>Done, with {} warnings (see the Log).</source>
        <translation>Terminé, avec {} avertissements (voir le Journal).</translation>
    </message>
    <message>
        <source>Warnings: {} (first: {})</source>
        <translation>Avertissements : {} (premier : {})</translation>
    </message>
    <message>
        <source>Trains MTGRR on the regions and every modality given, in the MTGRR engine (a separate Python with PyTorch), and writes one embedding per region (emb_* fields, a colour, a cluster, the modality weights and, with an attribute to predict, pred_&lt;attribute&gt;) plus the trained model file for 'Apply a trained model'.

Each optional modality needs its field(s): POI category, trip coordinates (optionally a pickup time field, for trips per hour of the day; or origin/destination/count for an OD table, optionally with a table of hourly flows per region: fields prefix + 00..23 of trips leaving and entering, out_h and in_h unless the advanced prefixes say otherwise), land-use class, road class, street-view image path. POI, land use, roads and remote sensing also take a table without geometry of precomputed features per region: their field is then the table's region id field. Advanced: epochs, embedding size, seed, device, clusters, a hexagon grid instead of a regions layer, and each region's trips to and from every other region as extra mobility features (strong with many trips per pair of regions; at most 2,000 regions). The job file, exported inputs, report, maps and styles are kept in the folder '&lt;output name&gt;_run' beside the output.</source>
        <translation>Entraîne MTGRR sur les régions et chaque modalité donnée, dans le moteur MTGRR (un Python séparé avec PyTorch), et écrit un embedding par région (champs emb_*, une couleur, un groupe, les poids des modalités et, avec un attribut à prédire, pred_&lt;attribut&gt;) ainsi que le fichier du modèle entraîné pour « Appliquer un modèle entraîné ».

Chaque modalité facultative demande son ou ses champs : catégorie des POI, coordonnées des trajets (avec, en option, un champ d'heure de prise en charge, pour les trajets par heure de la journée ; ou origine/destination/nombre pour une table OD, avec en option une table de flux horaires par région : champs préfixe + 00..23 des trajets sortants et entrants, out_h et in_h sauf si les préfixes avancés disent autre chose), classe d'occupation du sol, classe de route, chemin des images de rue. POI, occupation du sol, routes et télédétection acceptent aussi une table sans géométrie de variables précalculées par région : leur champ est alors le champ d'identifiant de région de la table. Avancé : époques, taille de l'embedding, graine, matériel de calcul, groupes, une grille hexagonale au lieu d'une couche de régions, et les trajets de chaque région vers et depuis toutes les autres comme variables de mobilité supplémentaires (efficace avec beaucoup de trajets par paire de régions ; 2 000 régions au plus). Le fichier de tâche, les entrées exportées, le rapport, les cartes et les styles sont gardés dans le dossier « &lt;nom de sortie&gt;_run » à côté de la sortie.</translation>
    </message>
    <message>
        <source>Layer {}: none of its first relative image paths (e.g. '{}') is found from {}. Make the paths absolute, or save the QGIS project in the folder they start from.</source>
        <translation>Couche {} : aucun de ses premiers chemins d'image relatifs (par exemple « {} ») n'est trouvé depuis {}. Rendez les chemins absolus, ou enregistrez le projet QGIS dans le dossier d'où ils partent.</translation>
    </message>
    <message>
        <source>the run folder</source>
        <translation>le dossier d'exécution</translation>
    </message>
    <message>
        <source>Each trip's pickup and dropoff x/y fields, in a point layer or a table.</source>
        <translation>Les champs x/y de prise en charge et de dépose de chaque trajet, dans une couche de points ou une table.</translation>
    </message>
    <message>
        <source>A line layer: one line per trip, from its pickup to its dropoff.</source>
        <translation>Une couche de lignes : une ligne par trajet, de sa prise en charge à sa dépose.</translation>
    </message>
    <message>
        <source>A table of trip counts per pair of regions: origin, destination and count fields.</source>
        <translation>Une table du nombre de trajets par paire de régions : champs d'origine, de destination et de nombre.</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Groupe</translation>
    </message>
    <message>
        <source>Legend title (default: the field's alias, or a readable name of an MTGRR field)</source>
        <translation>Titre de la légende (par défaut : l'alias du champ, ou un nom lisible pour un champ MTGRR)</translation>
    </message>
    <message>
        <source>Choose at least one input to learn from: points of interest, taxi trips, land use, roads, remote sensing or street view images.</source>
        <translation>Choisissez au moins une donnée d'entrée pour l'apprentissage : points d'intérêt, trajets de taxi, occupation du sol, routes, télédétection ou images de rue.</translation>
    </message>
    <message>
        <source>OD flows</source>
        <translation>Flux OD</translation>
    </message>
    <message>
        <source>Spatial cross-validation (hold out blocks of neighbouring regions)</source>
        <translation>Validation croisée spatiale (retenir des blocs de régions voisines)</translation>
    </message>
    <message>
        <source>Out-of-fold, blocks of neighbouring regions held out, on {n} regions with a value: R² {r2:.3f}, MAE {mae}, RMSE {rmse}</source>
        <translation>Hors pli, blocs de régions voisines retenus, sur {n} régions avec une valeur : R² {r2:.3f}, MAE {mae}, RMSE {rmse}</translation>
    </message>
    <message>
        <source>Layer '{}' has no geometry, and spatial cross-validation places each region: choose the embeddings layer with its polygons, or switch spatial cross-validation off.</source>
        <translation>La couche « {} » n'a pas de géométrie, et la validation croisée spatiale situe chaque région : choisissez la couche d'embeddings avec ses polygones, ou désactivez la validation croisée spatiale.</translation>
    </message>
    <message>
        <source>The output {0} is the file that layer {1} is read from: writing the output would replace the whole file, deleting that layer and every other one in it. Choose another file name for the output (e.g. {2}).</source>
        <translation>La sortie {0} est le fichier d'où est lue la couche {1} : l'écrire remplacerait le fichier entier, et supprimerait cette couche et toutes les autres qu'il contient. Choisissez un autre nom de fichier pour la sortie (p. ex. {2}).</translation>
    </message>
    <message>
        <source>The output is table '{0}' of {1}, which layer {2} is read from: writing the output would replace that layer. Choose another table name for the output.</source>
        <translation>La sortie est la table « {0} » de {1}, d'où est lue la couche {2} : l'écrire remplacerait cette couche. Choisissez un autre nom de table pour la sortie.</translation>
    </message>
    <message>
        <source>The map has {0} classes, not the {1} asked for: field '{2}' of layer '{3}' takes only {4} distinct values, and a class holds at least one.</source>
        <translation>La carte a {0} classes, et non les {1} demandées : le champ « {2} » de la couche « {3} » ne prend que {4} valeurs distinctes, et une classe en contient au moins une.</translation>
    </message>
    <message>
        <source>The map has {0} classes, not the {1} asked for: {2} gave bounds that repeat on field '{3}' (many regions share a value), and those empty classes were left out. Another classification may give more.</source>
        <translation>La carte a {0} classes, et non les {1} demandées : {2} a donné des bornes qui se répètent sur le champ « {3} » (beaucoup de régions partagent une valeur), et ces classes vides ont été omises. Une autre classification peut en donner davantage.</translation>
    </message>
    <message>
        <source>restore it from the plugin.</source>
        <translation>restaurez-le depuis l'extension.</translation>
    </message>
    <message>
        <source>in the layout designer, give items of these kinds these ids (Item Properties &gt; Item ID), then save it again as a template; or leave the layout template empty for the plugin's own.</source>
        <translation>dans le concepteur de mise en page, donnez ces identifiants à des éléments de ces types (Propriétés de l'élément &gt; Identifiant de l'élément), puis enregistrez-le de nouveau comme modèle ; ou laissez le modèle de mise en page vide pour utiliser celui de l'extension.</translation>
    </message>
    <message>
        <source>The layout template {} cannot be read ({}).</source>
        <translation>Le modèle de mise en page {} ne peut pas être lu ({}).</translation>
    </message>
    <message>
        <source>The layout template {} is not valid XML: choose a .qpt file saved by QGIS's layout designer.</source>
        <translation>Le modèle de mise en page {} n'est pas un XML valide : choisissez un fichier .qpt enregistré par le concepteur de mise en page de QGIS.</translation>
    </message>
    <message>
        <source>The layout template {} has no item of these ids and kinds: {}. Fix: {}</source>
        <translation>Le modèle de mise en page {} n'a aucun élément de ces identifiants et types : {}. Correction : {}</translation>
    </message>
    <message>
        <source>The layout template {} does not exist: choose a .qpt file, or leave it empty.</source>
        <translation>Le modèle de mise en page {} n'existe pas : choisissez un fichier .qpt, ou laissez-le vide.</translation>
    </message>
    <message>
        <source>Layout template (.qpt; default: the plugin's A4 landscape layout)</source>
        <translation>Modèle de mise en page (.qpt ; par défaut : la mise en page A4 paysage de l'extension)</translation>
    </message>
</context>
</TS>
