export interface Migration {
  version: number;
  name: string;
  fileName: string;
}

const migrationFileName = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Migrations in the order they apply, from the file names of the migrations folder. */
export function migrationsFromFileNames(fileNames: string[]): Migration[] {
  const migrations = fileNames.flatMap((fileName) => {
    const match = migrationFileName.exec(fileName);
    return match ? [{ version: Number(match[1]), name: match[2], fileName }] : [];
  });
  migrations.sort((a, b) => a.version - b.version);
  migrations.forEach((migration, i) => {
    if (i > 0 && migrations[i - 1].version === migration.version) {
      throw new Error(`two migrations have version ${migration.version}: ${migrations[i - 1].fileName} and ${migration.fileName}`);
    }
  });
  return migrations;
}
