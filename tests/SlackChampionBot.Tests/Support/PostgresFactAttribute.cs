namespace SlackChampionBot.Tests.Support;

/// <summary>
/// A test that needs a real PostgreSQL server: <c>CHAMPIONBOT_TEST_POSTGRES</c> holds its connection string (a role
/// that may create and drop databases, without a Database). Skipped, with the reason, when the variable is not set.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "CHAMPIONBOT_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(ServerConnectionString))
        {
            Skip = $"Needs PostgreSQL: set {Variable} to a server's connection string, e.g. \"Host=127.0.0.1;Port=5432;Username=championbot;Password=...\" (a role that may create databases).";
        }
    }

    public static string? ServerConnectionString => Environment.GetEnvironmentVariable(Variable);
}
