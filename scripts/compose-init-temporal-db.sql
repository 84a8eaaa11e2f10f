-- Temporal's auto-setup creates its own schemas; it only needs its databases to exist beside the app's.
CREATE DATABASE temporal;
CREATE DATABASE temporal_visibility;
