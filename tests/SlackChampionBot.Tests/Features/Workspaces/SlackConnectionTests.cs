using SlackChampionBot.Features.Workspaces;

namespace SlackChampionBot.Tests.Features.Workspaces;

public sealed class SlackConnectionTests
{
    private static readonly BotIdentity Bot = new("T1", "U0BOT", "B0BOT", "Test");
    private static readonly DateTimeOffset At = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task BotUserId_AfterAuthTest_IsTheBotsOwnUserId()
    {
        var connection = new SlackConnection();
        connection.MarkConnected(Bot, At);

        Assert.Equal("U0BOT", await connection.BotUserId());
    }

    [Fact]
    public async Task BotUserId_BeforeTheFirstAuthTest_WaitsForIt()
    {
        var connection = new SlackConnection();
        connection.MarkFailing("cannot reach Slack's Web API", At);

        var waiting = connection.BotUserId();
        Assert.False(waiting.IsCompleted);
        connection.MarkConnected(Bot, At);

        Assert.Equal("U0BOT", await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
