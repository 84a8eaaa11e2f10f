-- Temporal's databases beside the app's; the temporal-schema service (admin tools) sets up their schemas.
CREATE DATABASE temporal;
CREATE DATABASE temporal_visibility;
