using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using SlackChampionBot.Slack.Inbox;

namespace SlackChampionBot.Persistence.Inbox;

/// <summary>
/// The durable event inbox on SQLite, built for the hot path: every request is queued to a single background writer
/// that owns its own connection (WAL, synchronous=NORMAL) and group-commits whatever is queued, up to
/// <see cref="MaxBatch"/> operations, in one transaction with prepared <c>INSERT OR IGNORE</c> statements. A caller's
/// task completes only after that commit, so "stored" means durable against a process crash (with
/// synchronous=NORMAL a power loss can lose the last commits). Operations run one after another on one connection,
/// so duplicates are detected exactly, also between two copies of the same event in one batch.
/// Claims and updates from the dispatcher go through the same writer. A claim reads forward from where the last one
/// ended, by (next_attempt_at, rowid), so a claimed row is not returned again while its handlers run (however long a
/// paced channel keeps it) and a claim costs only the rows it returns; a retry is due later than anything claimed, so
/// the cursor meets it again; a new row is never due before the cursor (its due time is raised to it), so none is
/// passed over; a new process starts from the beginning, so whatever was claimed and not finished is claimed again.
/// Marking an event done drops its body; a
/// tombstone (a DM event) is stored done, without one; the connection runs with <c>secure_delete</c> so that dropped
/// bodies are zeroed in the file.
/// </summary>
internal sealed class SqliteSlackEventInbox : ISlackEventInbox, IAsyncDisposable
{
    public const int MaxBatch = 1024;

    private readonly string _connectionString;
    private readonly int _busyTimeoutMilliseconds;
    private readonly ILogger<SqliteSlackEventInbox> _logger;
    private readonly Channel<Operation> _queue = Channel.CreateUnbounded<Operation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    // Not disposed: DisposeAsync may run more than once (it owns no timer; cancelling again is harmless).
    private readonly CancellationTokenSource _stopCheckpoints = new();
    private readonly Task _checkpointer;

    private SqliteConnection? _connection;
    private SqliteCommand? _insert;
    private SqliteCommand? _claim;
    private SqliteCommand? _done;
    private SqliteCommand? _failed;

    // The claim cursor (writer thread only): the due time and rowid of the last row claimed.
    private DateTime _claimedDue = DateTime.MinValue;
    private long _claimedRowId;

    public SqliteSlackEventInbox(IOptions<DatabaseOptions> options, ILogger<SqliteSlackEventInbox> logger, TimeProvider time)
        : this(options.Value.ConnectionString, options.Value.BusyTimeoutMilliseconds, logger, time)
    {
    }

    /// <summary>How often the WAL is checkpointed off the writer's thread (its own connection does not auto-checkpoint).</summary>
    public static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);

    public SqliteSlackEventInbox(string connectionString, int busyTimeoutMilliseconds, ILogger<SqliteSlackEventInbox> logger, TimeProvider? time = null)
    {
        _connectionString = connectionString;
        _busyTimeoutMilliseconds = busyTimeoutMilliseconds;
        _logger = logger;
        _writer = Task.Factory.StartNew(WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        // Checkpoints keep the file's size in check, a matter of the machine's time, not the company's: on real time
        // always. On a test's fake clock a jump of years fired the one-second timer once per simulated second (a hang).
        _checkpointer = Task.Run(() => CheckpointLoop(TimeProvider.System, _stopCheckpoints.Token));
    }

    /// <summary>
    /// The WAL's checkpoints, moved off the ack path: SQLite runs an automatic checkpoint inside the commit that grows
    /// the WAL past 1,000 pages, copying pages into the database file and syncing it, and on the writer's connection
    /// that stalled every request queued behind that commit. The writer's connection has it switched off; this loop
    /// runs a PASSIVE checkpoint (it never waits for a lock and never blocks the writer) on its own connection.
    /// </summary>
    private async Task CheckpointLoop(TimeProvider time, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(CheckpointInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                try
                {
                    await using var connection = new SqliteConnection(_connectionString);
                    await connection.OpenAsync(stopping).ConfigureAwait(false);
                    await using var command = connection.CreateCommand();
                    command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                    await command.ExecuteNonQueryAsync(stopping).ConfigureAwait(false);
                }
                catch (SqliteException exception)
                {
                    PersistenceLog.CheckpointFailed(_logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    public Task<bool> TryAdd(SlackInboxEvent item, CancellationToken cancellationToken) => Enqueue(new AddOperation(item));

    public Task<IReadOnlyList<SlackInboxEvent>> ClaimDue(DateTime nowUtc, int max, CancellationToken cancellationToken) =>
        Enqueue(new ClaimOperation(nowUtc, max));

    public Task MarkDone(string eventId, DateTime processedAtUtc, CancellationToken cancellationToken) =>
        Enqueue(new DoneOperation(eventId, processedAtUtc));

    public Task MarkFailed(string eventId, string error, int attempts, DateTime? nextAttemptAtUtc, CancellationToken cancellationToken) =>
        Enqueue(new FailedOperation(eventId, error.Length > SlackEventInboxEntryConfiguration.MaxErrorLength ? error[..SlackEventInboxEntryConfiguration.MaxErrorLength] : error, attempts, nextAttemptAtUtc));

    /// <summary>
    /// Reads a PRAGMA on the writer's own connection, in its queue. Per-connection settings (synchronous,
    /// secure_delete, busy_timeout) cannot be seen from any other connection, so this is how tests check them.
    /// </summary>
    internal Task<object?> ReadPragma(string name) => Enqueue(new PragmaOperation(name));

    private Task<T> Enqueue<T>(Operation<T> operation)
    {
        if (!_queue.Writer.TryWrite(operation))
        {
            return Task.FromException<T>(new ObjectDisposedException(nameof(SqliteSlackEventInbox)));
        }

        return operation.Task;
    }

    private async Task WriteLoop()
    {
        var batch = new List<Operation>(MaxBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var operation))
            {
                batch.Add(operation);
            }

            try
            {
                Run(batch);
                foreach (var operation in batch)
                {
                    operation.Complete();
                }
            }
            catch (Exception batchException) when (batch.Count > 1)
            {
                // One bad operation must not fail the others: run each in its own transaction.
                PersistenceLog.BatchFailed(_logger, batchException, batch.Count);
                for (var i = batch.Count - 1; i >= 0; i--)
                {
                    batch[i].RolledBack(this);
                }

                foreach (var operation in batch)
                {
                    try
                    {
                        Run([operation]);
                        operation.Complete();
                    }
                    catch (Exception exception)
                    {
                        operation.RolledBack(this);
                        operation.Fail(exception);
                    }
                }
            }
            catch (Exception exception)
            {
                PersistenceLog.BatchFailed(_logger, exception, batch.Count);
                batch[0].RolledBack(this);
                batch[0].Fail(exception);
            }
        }
    }

    private void Run(List<Operation> batch)
    {
        var connection = EnsureOpen();
        using var transaction = connection.BeginTransaction(deferred: false);
        try
        {
            foreach (var operation in batch)
            {
                operation.Execute(this, transaction);
            }

            transaction.Commit();
        }
        catch
        {
            // A failed open or prepare leaves the connection in an unknown state: start over next time.
            if (connection.State != System.Data.ConnectionState.Open)
            {
                CloseConnection();
            }

            throw;
        }
    }

    private SqliteConnection EnsureOpen()
    {
        if (_connection is not null)
        {
            return _connection;
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using (var pragma = connection.CreateCommand())
            {
                // secure_delete: a body blanked at MarkDone (or by the prune) is overwritten with zeros in the page,
                // not left behind in its free space, so it does not survive in the file or in a backup of it.
                // wal_autocheckpoint = 0: checkpoints run in CheckpointLoop, not inside this connection's commits.
                pragma.CommandText = $"PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON; PRAGMA wal_autocheckpoint = 0; PRAGMA busy_timeout = {_busyTimeoutMilliseconds};";
                pragma.ExecuteNonQuery();
            }

            _insert = Prepare(connection, $"""
                INSERT OR IGNORE INTO {SlackEventInboxEntryConfiguration.TableName}
                    (event_id, team_id, event_type, raw_json, received_at, status, attempts, next_attempt_at, transport, processed_at)
                VALUES ($event_id, $team_id, $event_type, $raw_json, $received_at,
                    CASE WHEN $raw_json IS NULL THEN 'done' ELSE 'pending' END, 0, $due, $transport,
                    CASE WHEN $raw_json IS NULL THEN $received_at END)
                """, "$event_id", "$team_id", "$event_type", "$raw_json", "$received_at", "$transport", "$due");
            _claim = Prepare(connection, $"""
                SELECT event_id, team_id, event_type, raw_json, received_at, attempts, transport, next_attempt_at, rowid
                FROM {SlackEventInboxEntryConfiguration.TableName}
                WHERE status = 'pending' AND next_attempt_at >= $after_due AND next_attempt_at <= $now
                    AND (next_attempt_at > $after_due OR rowid > $after_rowid)
                ORDER BY next_attempt_at, rowid
                LIMIT $max
                """, "$now", "$max", "$after_due", "$after_rowid");
            _done = Prepare(connection, $"""
                UPDATE {SlackEventInboxEntryConfiguration.TableName}
                SET status = 'done', processed_at = $processed_at, raw_json = NULL
                WHERE event_id = $event_id
                """, "$event_id", "$processed_at");
            _failed = Prepare(connection, $"""
                UPDATE {SlackEventInboxEntryConfiguration.TableName}
                SET attempts = $attempts, last_error = $error,
                    status = CASE WHEN $next IS NULL THEN 'failed' ELSE 'pending' END,
                    next_attempt_at = COALESCE($next, next_attempt_at)
                WHERE event_id = $event_id
                """, "$event_id", "$attempts", "$error", "$next");
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        _connection = connection;
        return connection;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private void CloseConnection()
    {
        _insert?.Dispose();
        _claim?.Dispose();
        _done?.Dispose();
        _failed?.Dispose();
        _connection?.Dispose();
        _insert = _claim = _done = _failed = null;
        _connection = null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopCheckpoints.CancelAsync().ConfigureAwait(false);
        await _checkpointer.ConfigureAwait(false);
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        CloseConnection();
    }

    private abstract class Operation
    {
        public abstract void Execute(SqliteSlackEventInbox inbox, SqliteTransaction transaction);

        /// <summary>Its transaction was rolled back: undo what <see cref="Execute"/> changed outside the database.</summary>
        public virtual void RolledBack(SqliteSlackEventInbox inbox)
        {
        }

        public abstract void Complete();

        public abstract void Fail(Exception exception);
    }

    private abstract class Operation<T> : Operation
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Task => _completion.Task;

        protected T Result { get; set; } = default!;

        public override void Complete() => _completion.TrySetResult(Result);

        public override void Fail(Exception exception) => _completion.TrySetException(exception);
    }

    private sealed class AddOperation(SlackInboxEvent item) : Operation<bool>
    {
        public override void Execute(SqliteSlackEventInbox inbox, SqliteTransaction transaction)
        {
            var command = inbox._insert!;
            command.Transaction = transaction;
            command.Parameters[0].Value = item.EventId;
            command.Parameters[1].Value = item.TeamId;
            command.Parameters[2].Value = item.EventType;
            command.Parameters[3].Value = (object?)item.RawJson ?? DBNull.Value;
            command.Parameters[4].Value = DateTime.SpecifyKind(item.ReceivedAt, DateTimeKind.Utc);
            command.Parameters[5].Value = item.Transport;
            // Never due before the claim cursor: a request that read the clock earlier but reached the writer after
            // a claim would otherwise sit behind the cursor, unclaimed until the next start.
            var receivedAt = DateTime.SpecifyKind(item.ReceivedAt, DateTimeKind.Utc);
            command.Parameters[6].Value = receivedAt > inbox._claimedDue ? receivedAt : inbox._claimedDue;
            Result = command.ExecuteNonQuery() == 1;
        }
    }

    private sealed class ClaimOperation(DateTime nowUtc, int max) : Operation<IReadOnlyList<SlackInboxEvent>>
    {
        private (DateTime Due, long RowId) _before;

        public override void RolledBack(SqliteSlackEventInbox inbox) => (inbox._claimedDue, inbox._claimedRowId) = _before;

        public override void Execute(SqliteSlackEventInbox inbox, SqliteTransaction transaction)
        {
            _before = (inbox._claimedDue, inbox._claimedRowId);
            var command = inbox._claim!;
            command.Transaction = transaction;
            command.Parameters[0].Value = nowUtc;
            command.Parameters[1].Value = max;
            command.Parameters[2].Value = inbox._claimedDue;
            command.Parameters[3].Value = inbox._claimedRowId;
            var items = new List<SlackInboxEvent>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                inbox._claimedDue = DateTime.SpecifyKind(reader.GetDateTime(7), DateTimeKind.Utc);
                inbox._claimedRowId = reader.GetInt64(8);
                items.Add(new SlackInboxEvent(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Utc),
                    reader.GetInt32(5),
                    reader.GetString(6)));
            }

            Result = items;
        }
    }

    private sealed class PragmaOperation(string name) : Operation<object?>
    {
        public override void Execute(SqliteSlackEventInbox inbox, SqliteTransaction transaction)
        {
            using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"PRAGMA {name}";
            Result = command.ExecuteScalar();
        }
    }

    private sealed class DoneOperation(string eventId, DateTime processedAtUtc) : Operation<bool>
    {
        public override void Execute(SqliteSlackEventInbox inbox, SqliteTransaction transaction)
        {
            var command = inbox._done!;
            command.Transaction = transaction;
            command.Parameters[0].Value = eventId;
            command.Parameters[1].Value = processedAtUtc;
            Result = command.ExecuteNonQuery() == 1;
        }
    }

    private sealed class FailedOperation(string eventId, string error, int attempts, DateTime? nextAttemptAtUtc) : Operation<bool>
    {
        public override void Execute(SqliteSlackEventInbox inbox, SqliteTransaction transaction)
        {
            var command = inbox._failed!;
            command.Transaction = transaction;
            command.Parameters[0].Value = eventId;
            command.Parameters[1].Value = attempts;
            command.Parameters[2].Value = error;
            command.Parameters[3].Value = nextAttemptAtUtc is { } next ? next : DBNull.Value;
            Result = command.ExecuteNonQuery() == 1;
        }
    }
}
