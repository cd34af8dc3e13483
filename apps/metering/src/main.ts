import 'reflect-metadata';
import { ACCESS_HTTP_EDGE } from '@hourglass/access';
import { runModuleApp } from '@hourglass/platform';
import { METERING_APP_MODULES, MeteringAppModule } from './app.module';

runModuleApp({ name: 'metering', root: (config) => MeteringAppModule.forRoot(config), modules: METERING_APP_MODULES, edge: ACCESS_HTTP_EDGE, clickhouseServer: 'warn' });
