using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using SlackChampionBot.Persistence;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Leaderboards;

/// <summary>
/// Keeps <see cref="StarPeriodTotal"/> in step with the append-only ledger: entries with an id above the team's
/// watermark are bucketed by their local date (company time zone) into week, month, quarter and all-time totals, in one
/// write transaction that also moves the watermark (SQLite runs one writer at a time, so ids commit in order and two
/// readers never fold the same entry twice). When the company time zone changes the buckets are rebuilt.
/// Reading a table first calls <see cref="CatchUp"/>: up to date, that is one indexed EXISTS.
/// </summary>
internal sealed class StarTotals(BotDbContext db, IOptions<SchedulingOptions> scheduling, TimeProvider time, ILogger<StarTotals> logger)
{
    private const int BatchSize = 100_000;
    private static readonly PeriodKind[] Kinds = [PeriodKind.Week, PeriodKind.Month, PeriodKind.Quarter, PeriodKind.AllTime];

    public async Task CatchUp(string teamId, CancellationToken cancellationToken)
    {
        var zoneId = scheduling.Value.TimeZone;
        if (await IsUpToDate(teamId, zoneId, cancellationToken))
        {
            return;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            // One writer at a time (BEGIN IMMEDIATE on SQLite, PostgresWriteLock on PostgreSQL): catch-ups queue behind each other instead of double counting.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var tracked = await db.Set<LeaderboardWatermark>().SingleOrDefaultAsync(w => w.TeamId == teamId, cancellationToken);
            if (tracked is null)
            {
                tracked = new LeaderboardWatermark { TeamId = teamId, TimeZone = zoneId };
                db.Add(tracked);
            }
            else if (tracked.TimeZone != zoneId)
            {
                await db.Set<StarPeriodTotal>().Where(t => t.TeamId == teamId).ExecuteDeleteAsync(cancellationToken);
                tracked.LastEntryId = 0;
                tracked.TimeZone = zoneId;
            }

            var periods = new Periods(scheduling.Value.TimeZoneInfo);
            var folded = 0;
            while (true)
            {
                var (lastId, count) = await FoldBatch(teamId, tracked.LastEntryId, periods, transaction.GetDbTransaction(), cancellationToken);
                if (count == 0)
                {
                    break;
                }

                folded += count;
                tracked.LastEntryId = lastId;
            }

            tracked.UpdatedAt = time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (folded > 0)
            {
                LeaderboardsLog.TotalsCaughtUp(logger, tracked.LastEntryId, folded, zoneId);
            }
        });
    }

    /// <summary>One query: the watermark is in this zone and no ledger entry lies beyond it.</summary>
    private async Task<bool> IsUpToDate(string teamId, string zoneId, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();

            // "team_id || ''" is not indexable, which keeps the planner on the id range (new entries only) instead of
            // the team's whole index (SQLite's "+team_id" hint says the same but is not SQL PostgreSQL accepts). The
            // CASE makes the answer a number on both providers (a condition is a boolean on PostgreSQL).
            command.CommandText = """
                SELECT CASE WHEN w.time_zone = @zone AND NOT EXISTS (SELECT 1 FROM star_entries e WHERE e.id > w.last_entry_id AND e.team_id || '' = w.team_id) THEN 1 ELSE 0 END
                FROM leaderboard_watermarks w WHERE w.team_id = @team
                """;
            Add(command, "@zone", zoneId);
            Add(command, "@team", teamId);
            return await command.ExecuteScalarAsync(cancellationToken) is { } upToDate and not DBNull && Convert.ToInt64(upToDate, System.Globalization.CultureInfo.InvariantCulture) != 0;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<(long LastId, int Count)> FoldBatch(string teamId, long afterId, Periods periods, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var sums = new Dictionary<(PeriodKind Kind, DateOnly Start, string Receiver), int>();
        var lastId = afterId;
        var count = 0;
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT id, receiver_id, amount, created_at FROM star_entries WHERE id > @last AND team_id || '' = @team ORDER BY id LIMIT @batch";
            Add(read, "@last", afterId);
            Add(read, "@team", teamId);
            Add(read, "@batch", BatchSize);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            var lastHour = DateTime.MinValue;
            var lastDate = default(DateOnly);
            while (await reader.ReadAsync(cancellationToken))
            {
                lastId = reader.GetInt64(0);
                count++;
                var receiver = reader.GetString(1);
                var amount = reader.GetInt32(2);
                var createdAt = DateTime.SpecifyKind(reader.GetDateTime(3), DateTimeKind.Utc);

                // Every zone offset in use is a whole number of quarter hours: one conversion per quarter hour will do.
                var quarter = new DateTime(createdAt.Ticks - (createdAt.Ticks % (TimeSpan.TicksPerMinute * 15)), DateTimeKind.Utc);
                if (quarter != lastHour)
                {
                    lastHour = quarter;
                    lastDate = periods.LocalDate(quarter);
                }

                foreach (var kind in Kinds)
                {
                    var key = (kind, Periods.StartOf(kind, lastDate), receiver);
                    sums[key] = sums.GetValueOrDefault(key) + amount;
                }
            }
        }

        if (count == 0)
        {
            return (afterId, 0);
        }

        await using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = """
            INSERT INTO star_period_totals (team_id, kind, period_start, receiver_id, stars) VALUES (@team, @kind, @start, @receiver, @stars)
            ON CONFLICT (team_id, kind, period_start, receiver_id) DO UPDATE SET stars = star_period_totals.stars + excluded.stars
            """;
        Add(upsert, "@team", teamId);
        var kindParameter = Add(upsert, "@kind", 0);
        var start = Add(upsert, "@start", default(DateOnly)); // a date on PostgreSQL, 'yyyy-MM-dd' text on SQLite
        var receiverParameter = Add(upsert, "@receiver", string.Empty);
        var stars = Add(upsert, "@stars", 0);
        await upsert.PrepareAsync(cancellationToken);
        foreach (var ((kind, periodStart, receiver), sum) in sums)
        {
            kindParameter.Value = (int)kind;
            start.Value = periodStart;
            receiverParameter.Value = receiver;
            stars.Value = sum;
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        return (lastId, count);
    }

    private static DbParameter Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
