using SlackChampionBot.Sandbox;
using SlackChampionBot.TestSupport;
using SlackChampionBot.Slack.WebApi;

namespace SlackChampionBot.Slack.Tests.WebApi;

public sealed class SlackPaginationExtensionsTests
{
    [Fact]
    public async Task ListAll_FiveUsersPagesOfTwo_FollowsCursorsAndReturnsAllInOrder()
    {
        await using var host = await SlackWebApiTestHost.Start();
        for (var i = 1; i <= 5; i++)
        {
            host.Fake.AddUser($"U{i}", $"user{i}");
        }

        var users = await host.Client.Users.ListAll(pageSize: 2).ToListAsync();

        Assert.Equal(["U1", "U2", "U3", "U4", "U5"], users.Select(u => u.Id));
        var calls = host.Fake.Calls("users.list");
        Assert.Equal(3, calls.Count);
        Assert.Null(calls[0].Arg("cursor"));
        Assert.All(calls.Skip(1), c => Assert.False(string.IsNullOrEmpty(c.Arg("cursor"))));
        Assert.All(calls, c => Assert.Equal("2", c.Arg("limit")));
    }

    [Fact]
    public async Task ListAll_DefaultPageSize_Asks200()
    {
        await using var host = await SlackWebApiTestHost.Start();
        host.Fake.AddUser("U1", "ann");

        await host.Client.Users.ListAll().ToListAsync();

        Assert.Equal("200", Assert.Single(host.Fake.Calls("users.list")).Arg("limit"));
    }

    [Fact]
    public async Task MembersAll_ThreePages_StopsOnEmptyNextCursor()
    {
        await using var host = await SlackWebApiTestHost.Start();
        host.Fake.SetChannelMembers("C1", ["U1", "U2", "U3", "U4", "U5"]);

        var members = await host.Client.Conversations.MembersAll("C1", pageSize: 2).ToListAsync();

        Assert.Equal(["U1", "U2", "U3", "U4", "U5"], members);
        Assert.Equal(3, host.Fake.Calls("conversations.members").Count);
    }

    [Fact]
    public async Task MembersAll_NoResponseMetadata_StopsAfterOnePage()
    {
        await using var host = await SlackWebApiTestHost.Start();
        host.Fake.Enqueue("conversations.members", FakeSlackResponse.Json(new { ok = true, members = new[] { "U9" } }));

        var members = await host.Client.Conversations.MembersAll("C1").ToListAsync();

        Assert.Equal(["U9"], members);
        Assert.Single(host.Fake.Calls("conversations.members"));
    }
}
