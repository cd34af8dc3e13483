import { Module } from '@nestjs/common';
import { ConsoleController } from './adapters/http/console.controller';

/** The browser console's files at /console/; import it into every app that serves /v1. */
@Module({ controllers: [ConsoleController] })
export class ConsoleModule {}
