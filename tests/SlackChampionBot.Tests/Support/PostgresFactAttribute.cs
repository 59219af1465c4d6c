namespace SlackChampionBot.Tests.Support;

/// <summary>
/// A test that needs a real PostgreSQL server whatever the provider under test (the PostgreSQL inbox, several
/// instances on one database): <see cref="PostgresTestServer.Variable"/> names the server. Skipped, with the reason,
/// when it is not set. Derives from xunit's own attribute, so the PostgreSQL half's stand-in does not apply to it.
/// </summary>
public sealed class PostgresFactAttribute : Xunit.FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresTestServer.ServerConnectionString is null)
        {
            Skip = $"Needs PostgreSQL: set {PostgresTestServer.Variable} to a server's connection string, e.g. \"Host=127.0.0.1;Port=5432;Username=championbot;Password=...\" (a role that may create databases).";
        }
    }
}
