import { Module } from '@nestjs/common';

/** Placeholder: filled in by the api-keys work. */
@Module({})
export class ApiKeysModule {}
