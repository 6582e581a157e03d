import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadConfigOrExit } from './config/app-config.js';
import { WorkerModule } from './worker.module.js';

loadConfigOrExit();
const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
app.useLogger(app.get(Logger));
// SIGTERM/SIGINT close the context: Bull stops taking jobs and finishes or releases the current one.
app.enableShutdownHooks();
await app.init();
app.get(Logger).log('AuraAI worker ready');
