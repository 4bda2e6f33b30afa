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
        <source>Pickup/dropoff coordinates</source>
        <translation>Coordonnées de prise en charge/dépose</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="211"/>
        <source>Trip lines</source>
        <translation>Lignes de trajet</translation>
    </message>
    <message>
        <location filename="../plugin/dock.py" line="212"/>
        <source>Origin-destination table</source>
        <translation>Table origine-destination</translation>
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
        <location filename="../plugin/dock.py" line="269"/>
        <source>Raster</source>
        <translation>Raster</translation>
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
        <translation>aucune géométrie</translation>
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
        <translation>Une grille générée nécessite au moins une couche d'entrée localisée à couvrir ; ajoutez-en une, ou choisissez une couche de régions.</translation>
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
        <source>Layer &apos;{}&apos; (hourly flows) goes with an origin-destination table: set the taxi trips to one (Trips are: Origin-destination table; TRIPS_MODE 2 in Processing), or clear the hourly flows.</source>
        <translation>La couche &apos;{}&apos; (flux horaires) va avec une table origine-destination : choisissez-en une pour les trajets en taxi (Les trajets sont : Table origine-destination ; TRIPS_MODE 2 dans Processing), ou retirez les flux horaires.</translation>
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
        <translation>Il manque à la couche '{layer}' (flux horaires) {count} des 48 champs qu'il lui faut, par ex. '{field}' : {out}00..{out}23 (trajets sortants) et {inn}00..{inn}23 (trajets entrants) ; réglez les préfixes horaires (Préfixe horaire, sortants / entrants ; HOURLY_OUT_PREFIX / HOURLY_IN_PREFIX dans Processing) sur les noms qu'utilise la couche.</translation>
    </message>
    <message>
        <source>The layer seems to use '{}' (leaving) and '{}' (entering).</source>
        <translation>La couche semble utiliser '{}' (sortants) et '{}' (entrants).</translation>
    </message>
    <message>
        <source>Layer '{}' (hourly flows): give two different field prefixes, one for the trips leaving and one for the trips entering (Hourly prefix, leaving / entering; HOURLY_OUT_PREFIX / HOURLY_IN_PREFIX in Processing), e.g. out_h and in_h for out_h00..out_h23 and in_h00..in_h23.</source>
        <translation>Couche '{}' (flux horaires) : donnez deux préfixes de champs différents, l'un pour les trajets sortants et l'autre pour les trajets entrants (Préfixe horaire, sortants / entrants ; HOURLY_OUT_PREFIX / HOURLY_IN_PREFIX dans Processing), par ex. out_h et in_h pour out_h00..out_h23 et in_h00..in_h23.</translation>
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
        <translation>L'attribut à prédire '{}' de la couche '{}'</translation>
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
        <translation>« Vérifier le moteur » affiche ici les paquets du Python choisi, son périphérique de calcul et l'espace disque libre.</translation>
    </message>
    <message>
        <source>Layer {}: the field '{}' is chosen as {}: choose a different field for each.</source>
        <translation>Couche {} : le champ '{}' est choisi comme {} : choisissez un champ différent pour chacun.</translation>
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
        <translation>nombre de trajets</translation>
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
        <translation>caractéristiques de télédétection</translation>
    </message>
    <message>
        <source>raster image features</source>
        <translation>caractéristiques des images raster</translation>
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
        <source>The layer's own CRS</source>
        <translation>Le SCR de la couche</translation>
    </message>
</context>
</TS>
