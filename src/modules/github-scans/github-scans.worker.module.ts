import { Module } from '@nestjs/common';

/** Worker side of github-scans (processors, schedules); imported only by WorkerModule. Placeholder until the module lands. */
@Module({})
export class GithubScansWorkerModule {}
