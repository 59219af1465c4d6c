using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SlackChampionBot.Persistence;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the model without starting the bot (which needs Slack tokens). Neither
/// factory connects: adding a migration compares the model with the provider's snapshot.
/// </summary>
internal sealed class DesignTimeBotDbContextFactory : IDesignTimeDbContextFactory<BotDbContext>
{
    public BotDbContext CreateDbContext(string[] args) =>
        PersistenceServiceCollectionExtensions.CreateContext(new DatabaseOptions { ConnectionString = "Data Source=design-time.db" });
}

/// <summary>The same for PostgreSQL: <c>dotnet ef migrations add Name --context PostgresBotDbContext --output-dir Persistence/Migrations/Postgres</c>.</summary>
internal sealed class DesignTimePostgresBotDbContextFactory : IDesignTimeDbContextFactory<PostgresBotDbContext>
{
    public PostgresBotDbContext CreateDbContext(string[] args) =>
        (PostgresBotDbContext)PersistenceServiceCollectionExtensions.CreateContext(new DatabaseOptions
        {
            Provider = nameof(DatabaseProvider.Postgres),
            ConnectionString = "Host=localhost;Database=design_time",
        });
}
