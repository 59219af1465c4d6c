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

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BotDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            await db.Database.MigrateAsync(cancellationToken);

            // WAL lets readers go on while the one writer writes; it is remembered by the file. (On PostgreSQL several
            // instances may start at once: EF takes the provider's migration lock, so one applies and the rest wait.)
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
