using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using SlackChampionBot.Slack.Inbox;

namespace SlackChampionBot.Persistence.Inbox;

/// <summary>
/// The durable event inbox on PostgreSQL (<c>Database:Provider=Postgres</c>), for several bot instances sharing one
/// database. Adds are the hot path: each request is queued to one background writer that stores whatever is queued,
/// up to <see cref="MaxBatch"/> events, in one <c>INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING RETURNING</c>
/// (a single statement, so a single commit). A caller's task completes only after that commit. Copies of one event in
/// a batch are sent once (the first gets true, the others false); rows go in event_id order, so two instances'
/// batches lock their keys in the same order and cannot deadlock on each other.
/// <para>
/// A claim is one statement: it locks due pending rows with <c>FOR UPDATE SKIP LOCKED</c>, so two instances never
/// take the same row, and pushes their <c>next_attempt_at</c> forward by the lease (<see cref="InboxOptions.ClaimLeaseSeconds"/>,
/// measured from the <c>now</c> the caller passes). A claimed row is therefore not due again until it is marked (done,
/// failed, or pending at a retry time) or its lease runs out, which is how an instance that died hands its rows on.
/// A lease that runs out while the row is still held (a slow handler, a long lane backlog) lets another instance run
/// the event as well; handlers are idempotent, so that costs a repeated run, not a wrong result. This instance never
/// hands its dispatcher an event it already holds: re-claiming one of its own rows only renews the lease.
/// </para>
/// </summary>
internal sealed class PostgresSlackEventInbox : ISlackEventInbox, IAsyncDisposable
{
    public const int MaxBatch = 1024;

    private const string Table = SlackEventInboxEntryConfiguration.TableName;

    private const string InsertSql = $"""
        INSERT INTO {Table}
            (event_id, team_id, event_type, raw_json, received_at, transport, status, attempts, next_attempt_at, processed_at)
        SELECT a.event_id, a.team_id, a.event_type, a.raw_json, a.received_at, a.transport,
            CASE WHEN a.raw_json IS NULL THEN 'done' ELSE 'pending' END, 0, a.received_at,
            CASE WHEN a.raw_json IS NULL THEN a.received_at END
        FROM unnest(@event_ids, @team_ids, @event_types, @raw_jsons, @received_ats, @transports)
            AS a(event_id, team_id, event_type, raw_json, received_at, transport)
        ON CONFLICT (event_id) DO NOTHING
        RETURNING event_id
        """;

    // The CTE keeps each row's due time from before the lease, to return the rows in due order.
    private const string ClaimSql = $"""
        WITH due AS (
            SELECT event_id, next_attempt_at
            FROM {Table}
            WHERE status = 'pending' AND next_attempt_at <= @now
            ORDER BY next_attempt_at, event_id
            LIMIT @max
            FOR UPDATE SKIP LOCKED),
        claimed AS (
            UPDATE {Table} AS e
            SET next_attempt_at = @lease_until
            FROM due
            WHERE e.event_id = due.event_id
            RETURNING e.event_id, e.team_id, e.event_type, e.raw_json, e.received_at, e.attempts, e.transport, due.next_attempt_at AS due_at)
        SELECT event_id, team_id, event_type, raw_json, received_at, attempts, transport
        FROM claimed
        ORDER BY due_at, event_id
        """;

    private const string DoneSql = $"""
        UPDATE {Table} AS e
        SET status = 'done', processed_at = m.processed_at, raw_json = NULL
        FROM unnest(@event_ids, @processed_ats) AS m(event_id, processed_at)
        WHERE e.event_id = m.event_id
        """;

    private const string FailedSql = $"""
        UPDATE {Table}
        SET attempts = @attempts, last_error = @error,
            status = CASE WHEN @next IS NULL THEN 'failed' ELSE 'pending' END,
            next_attempt_at = COALESCE(@next, next_attempt_at)
        WHERE event_id = @event_id
        """;

    // Adds: acked to Slack once committed, so committed durably. Claims and marks: a commit lost with the database
    // server (synchronous_commit off: the last fraction of a second, never a torn one) only means the event runs again
    // when its lease passes, and handlers are idempotent; not waiting for the WAL flush halves the syncs per event.
    // Both pools are small: one writer each, plus the dispatcher's claims.
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _relaxed;
    private readonly Channel<PendingMark> _marks = Channel.CreateUnbounded<PendingMark>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _markWriter;
    private readonly TimeSpan _lease;
    private readonly ILogger<PostgresSlackEventInbox> _logger;
    private readonly Channel<PendingAdd> _adds = Channel.CreateUnbounded<PendingAdd>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    // Events this instance returned from ClaimDue and has not been asked to mark yet.
    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);

    public PostgresSlackEventInbox(IOptions<DatabaseOptions> database, IOptions<InboxOptions> inbox, ILogger<PostgresSlackEventInbox> logger)
        : this(database.Value.ConnectionString, TimeSpan.FromSeconds(inbox.Value.ClaimLeaseSeconds), logger)
    {
    }

    public PostgresSlackEventInbox(string connectionString, TimeSpan lease, ILogger<PostgresSlackEventInbox> logger)
    {
        _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 2 });
        _relaxed = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 3, Options = "-c synchronous_commit=off" });
        _lease = lease;
        _logger = logger;
        _writer = Task.Run(WriteLoop);
        _markWriter = Task.Run(MarkLoop);
    }

    public Task<bool> TryAdd(SlackInboxEvent item, CancellationToken cancellationToken)
    {
        var add = new PendingAdd(item);
        return _adds.Writer.TryWrite(add) ? add.Stored.Task : Task.FromException<bool>(new ObjectDisposedException(nameof(PostgresSlackEventInbox)));
    }

    public async Task<IReadOnlyList<SlackInboxEvent>> ClaimDue(DateTime nowUtc, int max, CancellationToken cancellationToken)
    {
        var now = Utc(nowUtc);
        await using var command = _relaxed.CreateCommand(ClaimSql);
        command.Parameters.Add(Typed("now", NpgsqlDbType.TimestampTz, now));
        command.Parameters.Add(Typed("max", NpgsqlDbType.Integer, max));
        command.Parameters.Add(Typed("lease_until", NpgsqlDbType.TimestampTz, now + _lease));
        var claimed = new List<SlackInboxEvent>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                claimed.Add(new SlackInboxEvent(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    Utc(reader.GetDateTime(4)),
                    reader.GetInt32(5),
                    reader.GetString(6)));
            }
        }

        // Held only once the whole answer is in: a claim that failed half-way (the statement then rolls back, or its
        // rows come due again at the lease) must not leave events counted as held that the dispatcher never got,
        // which would be skipped at every later claim.
        return claimed.Where(item => _held.TryAdd(item.EventId, 0)).ToList();
    }

    // Marks are written even when the caller is stopping: a mark dropped there would run a finished event again.
    // The event stops counting as held before the write, so a mark that fails for good leaves it to be claimed after
    // its lease. They go through one writer of their own (MarkLoop): at thousands of events a second, one statement
    // and one pooled connection per mark filled the server's connection slots and left marks unwritten.
    public Task MarkDone(string eventId, DateTime processedAtUtc, CancellationToken cancellationToken) =>
        Mark(new PendingMark(eventId, Utc(processedAtUtc), null));

    public Task MarkFailed(string eventId, string error, int attempts, DateTime? nextAttemptAtUtc, CancellationToken cancellationToken) =>
        Mark(new PendingMark(eventId, default, new FailedMark(SlackEventInboxEntryConfiguration.FitError(error), attempts, nextAttemptAtUtc is { } next ? Utc(next) : null)));

    private Task Mark(PendingMark mark)
    {
        _held.TryRemove(mark.EventId, out _);
        return _marks.Writer.TryWrite(mark) ? mark.Written.Task : Task.FromException(new ObjectDisposedException(nameof(PostgresSlackEventInbox)));
    }

    /// <summary>
    /// Writes queued marks: every done mark in the batch in one <c>UPDATE … FROM unnest(…)</c>, failed ones (rare)
    /// one by one, in the order they came. A batch that fails is tried again (three times, a second apart) before its
    /// callers hear of it; the database's answer to a connection storm is a refusal that passes.
    /// </summary>
    private async Task MarkLoop()
    {
        var batch = new List<PendingMark>(MaxBatch);
        var reader = _marks.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var mark))
            {
                batch.Add(mark);
            }

            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await WriteMarks(batch).ConfigureAwait(false);
                    batch.ForEach(m => m.Written.TrySetResult());
                    break;
                }
                catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
                {
                    PersistenceLog.BatchFailed(_logger, exception, batch.Count);
                    if (attempt == MarkAttempts)
                    {
                        batch.ForEach(m => m.Written.TrySetException(exception));
                        break;
                    }

                    await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                }
            }
        }
    }

    private const int MarkAttempts = 3;

    private async Task WriteMarks(List<PendingMark> batch)
    {
        await using var connection = await _relaxed.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        var done = batch.Where(m => m.Failure is null).ToList();
        if (done.Count > 0)
        {
            await using var command = new NpgsqlCommand(DoneSql, connection, transaction);
            command.Parameters.Add(Typed("event_ids", NpgsqlDbType.Array | NpgsqlDbType.Text, done.Select(m => m.EventId).ToArray()));
            command.Parameters.Add(Typed("processed_ats", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, done.Select(m => m.ProcessedAt).ToArray()));
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        foreach (var mark in batch)
        {
            if (mark.Failure is not { } failure)
            {
                continue;
            }

            await using var command = new NpgsqlCommand(FailedSql, connection, transaction);
            command.Parameters.Add(Typed("event_id", NpgsqlDbType.Text, mark.EventId));
            command.Parameters.Add(Typed("attempts", NpgsqlDbType.Integer, failure.Attempts));
            command.Parameters.Add(Typed("error", NpgsqlDbType.Text, failure.Error));
            command.Parameters.Add(Typed("next", NpgsqlDbType.TimestampTz, failure.NextAttemptAt));
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        await transaction.CommitAsync().ConfigureAwait(false);
    }

    private async Task WriteLoop()
    {
        var batch = new List<PendingAdd>(MaxBatch);
        var reader = _adds.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var add))
            {
                batch.Add(add);
            }

            try
            {
                await Insert(batch).ConfigureAwait(false);
            }
            catch (Exception batchException) when (batch.Count > 1)
            {
                // One bad event (a key too long for its column) must not fail the others: store each on its own.
                PersistenceLog.BatchFailed(_logger, batchException, batch.Count);
                foreach (var add in batch)
                {
                    try
                    {
                        await Insert([add]).ConfigureAwait(false);
                    }
                    catch (Exception exception)
                    {
                        add.Stored.TrySetException(exception);
                    }
                }
            }
            catch (Exception exception)
            {
                PersistenceLog.BatchFailed(_logger, exception, batch.Count);
                batch[0].Stored.TrySetException(exception);
            }
        }
    }

    /// <summary>One statement for the batch; then each caller learns whether its copy was the one stored.</summary>
    private async Task Insert(List<PendingAdd> batch)
    {
        var first = new Dictionary<string, PendingAdd>(batch.Count, StringComparer.Ordinal);
        foreach (var add in batch)
        {
            first.TryAdd(add.Item.EventId, add);
        }

        var rows = first.Values.OrderBy(a => a.Item.EventId, StringComparer.Ordinal).Select(a => a.Item).ToArray();
        await using var command = _dataSource.CreateCommand(InsertSql);
        command.Parameters.Add(Typed("event_ids", NpgsqlDbType.Array | NpgsqlDbType.Text, rows.Select(r => r.EventId).ToArray()));
        command.Parameters.Add(Typed("team_ids", NpgsqlDbType.Array | NpgsqlDbType.Text, rows.Select(r => r.TeamId).ToArray()));
        command.Parameters.Add(Typed("event_types", NpgsqlDbType.Array | NpgsqlDbType.Text, rows.Select(r => r.EventType).ToArray()));
        command.Parameters.Add(Typed("raw_jsons", NpgsqlDbType.Array | NpgsqlDbType.Text, rows.Select(r => r.RawJson).ToArray()));
        command.Parameters.Add(Typed("received_ats", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, rows.Select(r => Utc(r.ReceivedAt)).ToArray()));
        command.Parameters.Add(Typed("transports", NpgsqlDbType.Array | NpgsqlDbType.Text, rows.Select(r => r.Transport).ToArray()));

        var inserted = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync().ConfigureAwait(false))
        {
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                inserted.Add(reader.GetString(0));
            }
        }

        // The statement has committed (it ran on its own): only now do the callers hear back.
        foreach (var add in batch)
        {
            add.Stored.TrySetResult(inserted.Contains(add.Item.EventId) && ReferenceEquals(first[add.Item.EventId], add));
        }
    }

    private static NpgsqlParameter Typed(string name, NpgsqlDbType type, object? value) =>
        new(name, type) { Value = value ?? DBNull.Value };

    /// <summary>Npgsql writes only UTC values to <c>timestamp with time zone</c>; the inbox's times are UTC already.</summary>
    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    public async ValueTask DisposeAsync()
    {
        _adds.Writer.TryComplete();
        _marks.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        await _markWriter.ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        await _relaxed.DisposeAsync().ConfigureAwait(false);
    }

    private sealed record FailedMark(string Error, int Attempts, DateTime? NextAttemptAt);

    /// <summary>A done mark (no <see cref="Failure"/>) or a failed one.</summary>
    private sealed class PendingMark(string eventId, DateTime processedAt, FailedMark? failure)
    {
        public string EventId { get; } = eventId;

        public DateTime ProcessedAt { get; } = processedAt;

        public FailedMark? Failure { get; } = failure;

        public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class PendingAdd(SlackInboxEvent item)
    {
        public SlackInboxEvent Item { get; } = item;

        public TaskCompletionSource<bool> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
