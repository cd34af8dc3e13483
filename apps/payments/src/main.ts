import 'reflect-metadata';
import { ACCESS_HTTP_EDGE } from '@hourglass/access';
import { runModuleApp } from '@hourglass/platform';
import { PAYMENTS_APP_MODULES, PaymentsAppModule } from './app.module';

runModuleApp({ name: 'payments', root: (config) => PaymentsAppModule.forRoot(config), modules: PAYMENTS_APP_MODULES, edge: ACCESS_HTTP_EDGE, clickhouseServer: 'required' });
