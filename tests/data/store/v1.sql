-- A history at schema version 1, as movebreak before schema 2 wrote it (store-sqlite.c
-- migrate_to_1, rows added through mb_store_add), dumped by sqlite3 .dump. Every outcome
-- and source of that time; micro-reset rows become micro breaks in schema 2.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE breaks ( id INTEGER PRIMARY KEY, start_us INTEGER NOT NULL, end_us INTEGER NOT NULL, active_us INTEGER NOT NULL, planned_us INTEGER NOT NULL, routine TEXT NOT NULL, exercises_done INTEGER NOT NULL, exercises_total INTEGER NOT NULL, outcome TEXT NOT NULL, source TEXT NOT NULL);
INSERT INTO breaks VALUES(1,1714742400000000,1714742580001000,180000000,240000000,'shoulder-reset',0,5,'completed','manual');
INSERT INTO breaks VALUES(2,1714746000000000,1714746180001001,180000001,240000000,'micro-reset',1,5,'completed','prompt');
INSERT INTO breaks VALUES(3,1714749600000000,1714749780001002,180000002,240000000,'shoulder-reset',2,5,'partial','manual');
INSERT INTO breaks VALUES(4,1714753200000000,1714753380001003,180000003,240000000,'micro-reset',3,5,'skipped','prompt');
INSERT INTO breaks VALUES(5,1714756800000000,1714756980001004,180000004,240000000,'micro-reset',4,5,'prompted','prompt');
INSERT INTO breaks VALUES(6,1714760400000000,1714760580001005,180000005,240000000,'shoulder-reset',0,5,'postponed','prompt');
INSERT INTO breaks VALUES(7,1714764000000000,1714764180001006,180000006,240000000,'shoulder-reset',1,5,'started','prompt');
INSERT INTO breaks VALUES(8,1714767600000000,1714767780001007,180000007,240000000,'/home/u/my routines/desk "stretch".yaml',2,5,'completed','manual');
INSERT INTO breaks VALUES(9,1714771200000000,1714771380001008,180000008,240000000,'micro-reset-long',3,5,'partial','manual');
CREATE INDEX breaks_start_us ON breaks(start_us);
COMMIT;
PRAGMA user_version = 1;
