using Microsoft.Extensions.DependencyInjection;
using SlackChampionBot.Sandbox;
using SlackChampionBot.TestSupport;
using SlackChampionBot.Slack.WebApi;

namespace SlackChampionBot.Slack.Tests.WebApi;

public sealed class SlackWebApiServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddSlackNet_WithTokenAndBaseUrl_ResolvesWorkingClientAndFamilies()
    {
        await using var fake = await FakeSlackWebApi.StartAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSlackNet(c => c.UseApiToken("xoxb-di").UseApiBaseUrl(_ => fake.BaseUrl));
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<ISlackApiClient>();
        var auth = await provider.GetRequiredService<IAuthApi>().Test();

        Assert.Same(client.Chat, provider.GetRequiredService<IChatApi>());
        Assert.Equal(FakeSlackWebApi.TeamId, auth.TeamId);
        Assert.Equal("Bearer xoxb-di", Assert.Single(fake.Calls("auth.test")).Authorization);
    }
}
