import 'reflect-metadata';
import { ACCESS_HTTP_EDGE } from '@hourglass/access';
import { runModuleApp } from '@hourglass/platform';
import { RATING_APP_MODULES, RatingAppModule } from './app.module';

runModuleApp({ name: 'rating', root: (config) => RatingAppModule.forRoot(config), modules: RATING_APP_MODULES, edge: ACCESS_HTTP_EDGE, clickhouseServer: 'required' });
