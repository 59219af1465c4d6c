using System.Text.Json.Nodes;

namespace SlackChampionBot.Tests.Features.Data;

/// <summary><c>/stars mydata</c> through the real host: a readable file, in a DM, of everything held about the person.</summary>
public sealed class MyDataTests
{
    private const string Alice = "U0ALICE";
    private const string Bob = "U0BOB";

    [Fact]
    public async Task MyData_AnyColleague_GetsTheirWinsStarsGivenAndReceivedAndOptOutInADm()
    {
        await using var world = await DataWorld.Start(new() { ["Champions:Milestones:0:Stars"] = "1", ["Champions:Milestones:0:Title"] = "First Star" });
        world.Slack.AddUser(Alice, "alice", tz: "Europe/London", displayName: "Alice Able");
        world.Slack.AddUser(Bob, "bob", tz: "Europe/London", displayName: "Bob Boss");
        await world.Post(Alice, $"#win Rebooked Harbour Foods' delivery with <@{Bob}> after the storm");
        var bobsWin = await world.Post(Bob, "#win Bob talked a customer through their refund, step by step");
        await world.Cheer(Alice, Bob, bobsWin);
        await world.Bot.SendCommand("/stars", "hide", Alice);

        Assert.StartsWith("Gathering everything I hold about you", await world.Stars(Alice, "mydata"));

        var file = await world.File();
        Assert.Equal(world.Slack.DmChannelId(Alice), file.ChannelId);
        Assert.Equal("my-champion-bot-data-2026-11-25.json", file.FileName);
        var data = DataWorld.ParseJson(file);
        Assert.Equal(Alice, (string?)data["user_id"]);
        Assert.Equal("Alice Able", (string?)data["profile"]!["display_name"]);
        Assert.StartsWith("hidden since 2026-11-25", (string?)data["public_leaderboards"]);
        var posted = Assert.Single(data["wins_posted"]!.AsArray());
        Assert.Equal("#win Rebooked Harbour Foods' delivery with @Bob Boss after the storm", (string?)posted!["text"]); // as it reads in Slack
        Assert.Equal(["Bob Boss"], posted["credited"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(["win"], Reasons(data["stars_received"]));
        Assert.Equal(["credit", "cheer"], Reasons(data["stars_given"]));
        Assert.Equal("First Star", (string?)Assert.Single(data["titles"]!.AsArray())!["name"]);
        Assert.Contains("stored without your name", (string?)data["pulse"]!["answers"]);
        Assert.DoesNotContain("Bob talked a customer", DataWorld.Text(file)); // Bob's own win is his data, not hers
    }

    private static List<string?> Reasons(JsonNode? entries) => entries!.AsArray().Select(e => (string?)e!["reason"]).ToList();
}
