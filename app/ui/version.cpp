// Placeholder translation unit so trustdesk_views has a source until the views land.
