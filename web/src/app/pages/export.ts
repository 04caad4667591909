// Export movements to Excel: choose the dates and the status, start the job, watch its progress (rows
// written of rows selected), download the workbook when it is done; the server also e-mails it. The job's id
// is kept in the address (?job=…), so a reload or a shared link follows the same job.
import { Component, DestroyRef, OnInit, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { Subscription, switchMap, takeWhile, timer } from 'rxjs';
import { Api, ExportJob } from '../api/api';
import { ShownError, apiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { formatSize } from '../core/download';
import { FieldError } from '../core/field-error';
import { MOVEMENT_STATUSES, Movement } from './movements';

const POLL_MS = 500;

/** What a failed job tells its user: the server's reason, and what to do next where the code says it helps. */
export function failureText(job: Pick<ExportJob, 'error' | 'errorCode'>): string {
  const said = job.error ?? 'The export failed.';
  const reason = /[.!?]$/.test(said) ? said : `${said}.`;
  switch (job.errorCode) {
    case 'EXPORT_TOO_LARGE':
      return reason; // says itself what to change: fewer movements; the same export would fail again
    case 'EXPORT_INTERRUPTED':
      return `${reason} Start it again later; if it stops again, tell an administrator.`;
    default:
      return `${reason} Start it again; if it fails again, tell an administrator.`;
  }
}

/** Whole percent done; null while the rows are not counted yet. */
export function percentDone(job: Pick<ExportJob, 'state' | 'rowsWritten' | 'rowsTotal'>): number | null {
  if (job.state === 'DONE') return 100;
  if (job.rowsTotal === null || job.rowsTotal === undefined) return null;
  if (job.rowsTotal === 0) return 100;
  return Math.min(100, Math.floor((job.rowsWritten * 100) / job.rowsTotal));
}

@Component({
  selector: 'bh-export',
  imports: [FormsModule, FieldError],
  template: `
    <h1 class="h3 mb-3">Export movements</h1>
    <p class="text-muted">The movements you choose are written to an Excel workbook, e-mailed to {{ auth.email() }}
      and offered here for download.</p>
    @if (error(); as e) {<div class="alert alert-danger" role="alert" data-testid="form-error">{{ e.message }}</div>}
    <form (ngSubmit)="start()" novalidate class="row g-3 align-items-end col-lg-8 mb-4">
      <div class="col-md-4">
        <label class="form-label" for="startDate">From</label>
        <input class="form-control" type="date" id="startDate" name="startDate" [(ngModel)]="startDate"
          [class.is-invalid]="error()?.fields?.['startDate']" aria-describedby="start-error">
        <bh-field-error [message]="error()?.fields?.['startDate']" id="start-error" />
      </div>
      <div class="col-md-4">
        <label class="form-label" for="endDate">To</label>
        <input class="form-control" type="date" id="endDate" name="endDate" [(ngModel)]="endDate"
          [class.is-invalid]="error()?.fields?.['endDate']" aria-describedby="end-error">
        <bh-field-error [message]="error()?.fields?.['endDate']" id="end-error" />
      </div>
      <div class="col-md-4">
        <label class="form-label" for="status">Status</label>
        <select class="form-select" id="status" name="status" [(ngModel)]="status">
          <option value="">Any</option>
          @for (s of statuses; track s) {<option [value]="s">{{ s }}</option>}
        </select>
      </div>
      <div class="col-12">
        <button class="btn btn-primary" type="submit" [disabled]="running()">Export</button>
      </div>
    </form>
    @if (job(); as j) {
      <section class="col-lg-8" aria-labelledby="job-title" data-testid="export-job">
        <h2 class="h5" id="job-title">{{ title(j) }}</h2>
        <p class="mb-2">{{ j.startDate ?? 'The first date' }} to {{ j.endDate ?? 'the last' }}, {{ j.status ?? 'any status' }}.</p>
        <div class="progress mb-2" role="progressbar" aria-label="Export progress" [attr.aria-valuenow]="percent(j) ?? 0"
          aria-valuemin="0" aria-valuemax="100" [attr.aria-valuetext]="progressText(j)">
          <div class="progress-bar" [class.progress-bar-striped]="j.state === 'RUNNING' || j.state === 'QUEUED'"
            [class.progress-bar-animated]="j.state === 'RUNNING'" [class.bg-success]="j.state === 'DONE'"
            [class.bg-danger]="j.state === 'FAILED'" [style.width.%]="percent(j) ?? 0"></div>
        </div>
        <p role="status" data-testid="export-progress">{{ progressText(j) }}</p>
        @if (j.state === 'DONE') {
          @if (j.downloadUrl) {
            <a class="btn btn-success" [href]="j.downloadUrl" download data-testid="export-download">Download the workbook ({{ size(j.sizeBytes) }})</a>
            <p class="small text-muted mt-2">The link works for 15 minutes; the e-mail has its own.</p>
          } @else {
            <p>The workbook ({{ size(j.sizeBytes) }}) is in the e-mail sent to {{ auth.email() }}.</p>
          }
        } @else if (j.state === 'FAILED') {
          <p class="text-danger" data-testid="export-failure">{{ failure(j) }}</p>
        }
      </section>
    }
  `,
})
export class ExportPage implements OnInit {
  protected readonly auth = inject(AuthService);
  private readonly api = inject(Api);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);
  /** The job followed (query parameter ?job=). */
  readonly jobId = input<string>(undefined, { alias: 'job' });
  protected readonly statuses = MOVEMENT_STATUSES;
  protected readonly job = signal<ExportJob | null>(null);
  protected readonly running = signal(false);
  protected readonly error = signal<ShownError | null>(null);
  protected readonly size = formatSize;
  protected readonly percent = percentDone;
  protected readonly failure = failureText;
  protected startDate = '';
  protected endDate = '';
  protected status = '';
  private polling?: Subscription;

  ngOnInit(): void {
    const id = this.jobId();
    if (id) this.follow(id);
  }

  protected title(j: ExportJob): string {
    return { QUEUED: 'Waiting to start', RUNNING: 'Exporting…', DONE: 'Export ready', FAILED: 'Export failed' }[j.state];
  }

  protected progressText(j: ExportJob): string {
    if (j.state === 'QUEUED') return 'Waiting for a free exporter…';
    if (j.state === 'FAILED') return 'Stopped.';
    if (j.rowsTotal === null || j.rowsTotal === undefined) return 'Counting the movements…';
    const rows = `${j.rowsWritten.toLocaleString()} of ${j.rowsTotal.toLocaleString()} movements`;
    return j.state === 'DONE' ? `Done: ${j.rowsTotal.toLocaleString()} movements written.` : `${rows} (${percentDone(j)} %)`;
  }

  start(): void {
    this.error.set(null);
    this.running.set(true);
    const query = {
      ...(this.startDate ? { startDate: this.startDate } : {}),
      ...(this.endDate ? { endDate: this.endDate } : {}),
      ...(this.status ? { status: this.status as Movement['status'] } : {}),
    };
    this.api.post<'/api/v1/movement/export-movements-report', ExportJob>(
      '/api/v1/movement/export-movements-report', null, { query }).subscribe({
      next: (job) => {
        this.job.set(job);
        void this.router.navigate([], { queryParams: { job: job.jobId }, replaceUrl: true });
        this.follow(job.jobId);
      },
      error: (e: unknown) => {
        this.running.set(false);
        this.error.set(apiError(e));
      },
    });
  }

  private follow(id: string): void {
    this.polling?.unsubscribe();
    this.running.set(true);
    this.polling = timer(0, POLL_MS).pipe(
      switchMap(() => this.api.get<'/api/v1/movement/export-movements-report/{jobId}', ExportJob>(
        '/api/v1/movement/export-movements-report/{jobId}', { path: { jobId: id } })),
      takeWhile((job) => job.state === 'QUEUED' || job.state === 'RUNNING', true),
      takeUntilDestroyed(this.destroyRef),
    ).subscribe({
      next: (job) => this.job.set(job),
      error: (e: unknown) => {
        this.running.set(false);
        this.error.set(apiError(e));
      },
      complete: () => this.running.set(false),
    });
  }
}
