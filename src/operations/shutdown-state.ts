import { Injectable } from '@nestjs/common';

/** Set once a stop signal arrives: readiness turns 503 so load balancers stop sending traffic. */
@Injectable()
export class ShutdownState {
  private stopping = false;

  get isStopping(): boolean {
    return this.stopping;
  }

  begin(): void {
    this.stopping = true;
  }
}
