using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace SlackChampionBot.Persistence;

/// <summary>What readiness needs to know about the schema.</summary>
internal sealed class MigrationState
{
    private volatile bool _applied;

    public bool Applied => _applied;

    public string? Error { get; private set; }

    public void MarkApplied() => _applied = true;

    public void MarkFailed(string error) => Error = error;
}

/// <summary>
/// Applies EF Core migrations when the host starts. It is the first hosted service registered, and hosted services
/// start in order, so no scheduler, dispatcher or Slack connection runs against an old schema.
/// </summary>
internal sealed class MigrationRunner(
    IServiceScopeFactory scopes,
    IOptions<DatabaseOptions> options,
    MigrationState state,
    ILogger<MigrationRunner> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!options.Value.IsPostgres)
            {
                EnsureDirectoryExists(options.Value.ConnectionString);
            }

            // Several instances may start at once on PostgreSQL, and EF's own migration lock does not keep them apart
            // (two starting together both applied the second migration: "column already exists"). So the migrations
            // run under a session advisory lock: the first instance applies them, the rest wait, then find none pending.
            await using var migrating = options.Value.IsPostgres ? await MigrationLock.Take(options.Value.ConnectionString, cancellationToken) : null;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BotDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            await db.Database.MigrateAsync(cancellationToken);

            // WAL lets readers go on while the one writer writes; it is remembered by the file.
            if (db.Database.IsSqlite())
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
            }

            state.MarkApplied();
            PersistenceLog.MigrationsApplied(logger, pending.Count, options.Value.Location());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            state.MarkFailed(ex.Message);
            PersistenceLog.MigrationFailed(logger, options.Value.Location(), ex);
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal static string DataSourceOf(string connectionString) => new SqliteConnectionStringBuilder(connectionString).DataSource;

    private static void EnsureDirectoryExists(string connectionString)
    {
        var dataSource = DataSourceOf(connectionString);
        if (dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }
}

/// <summary>
/// A PostgreSQL session advisory lock held on a connection of its own while migrations run (the migrations' own
/// transactions commit one by one, so a transaction-level lock would not span them). Released when disposed, or by the
/// server if the process dies.
/// </summary>
internal sealed class MigrationLock : IAsyncDisposable
{
    /// <summary>The lock's key, apart from <see cref="PostgresWriteLock.Key"/>: "SCBmigr" in ASCII.</summary>
    public const long Key = 0x0053_4342_6D69_6772;

    private readonly Npgsql.NpgsqlConnection _connection;

    private MigrationLock(Npgsql.NpgsqlConnection connection) => _connection = connection;

    public static async Task<MigrationLock> Take(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new Npgsql.NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_lock({Key})", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new MigrationLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_unlock({Key})", _connection);
            await command.ExecuteNonQueryAsync();
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
