using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SlackChampionBot.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the bot (which needs Slack tokens).</summary>
internal sealed class DesignTimeBotDbContextFactory : IDesignTimeDbContextFactory<BotDbContext>
{
    public BotDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<BotDbContext>();
        PersistenceServiceCollectionExtensions.Configure(builder, new DatabaseOptions { ConnectionString = "Data Source=design-time.db" });
        return new BotDbContext(builder.Options);
    }
}
