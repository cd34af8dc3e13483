import 'reflect-metadata';
import { ACCESS_HTTP_EDGE } from '@hourglass/access';
import { runModuleApp } from '@hourglass/platform';
import { RECONCILIATION_APP_MODULES, ReconciliationAppModule } from './app.module';

runModuleApp({ name: 'reconciliation', root: (config) => ReconciliationAppModule.forRoot(config), modules: RECONCILIATION_APP_MODULES, edge: ACCESS_HTTP_EDGE, clickhouseServer: 'required' });
