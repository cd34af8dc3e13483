import 'reflect-metadata';
import { ACCESS_HTTP_EDGE } from '@hourglass/access';
import { runModuleApp } from '@hourglass/platform';
import { BILLING_APP_MODULES, BillingAppModule } from './app.module';

runModuleApp({ name: 'billing', root: (config) => BillingAppModule.forRoot(config), modules: BILLING_APP_MODULES, edge: ACCESS_HTTP_EDGE, clickhouseServer: 'required' });
