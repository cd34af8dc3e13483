import 'reflect-metadata';
import { ACCESS_HTTP_EDGE } from '@hourglass/access';
import { runModuleApp } from '@hourglass/platform';
import { PAYOUTS_APP_MODULES, PayoutsAppModule } from './app.module';

runModuleApp({ name: 'payouts', root: (config) => PayoutsAppModule.forRoot(config), modules: PAYOUTS_APP_MODULES, edge: ACCESS_HTTP_EDGE, clickhouseServer: 'required' });
