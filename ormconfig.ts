import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfigOrExit } from './src/config/app-config.js';
import { buildDataSourceOptions } from './src/database/data-source-options.js';

/** DataSource for the TypeORM CLI (`npm run migration:run`), built from the app's own config loader. */
export const dataSourceOptions = buildDataSourceOptions(loadConfigOrExit());

export default new DataSource(dataSourceOptions);
