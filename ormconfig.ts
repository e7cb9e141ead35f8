import { DataSource } from 'typeorm';
import { loadAppConfig } from './src/config/app-config';
import { dataSourceOptions } from './src/persistence/data-source-options';

/** The DataSource the TypeORM CLI uses for migrations (`npm run migration:run`). */
export default new DataSource(dataSourceOptions(loadAppConfig().database));
