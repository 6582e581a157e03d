import { Module } from '@nestjs/common';

/** API side of github-scans (controllers, services, producers). Placeholder until the module lands. */
@Module({})
export class GithubScansModule {}
