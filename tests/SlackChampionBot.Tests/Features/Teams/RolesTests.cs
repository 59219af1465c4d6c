using Moq;
using SlackChampionBot.Features.Champions;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Slack;
using SlackChampionBot.Slack.WebApi;
using SlackChampionBot.Tests.Features.Champions;

namespace SlackChampionBot.Tests.Features.Teams;

/// <summary>The role checks over real SQLite, with the managers' user group answered by a mocked Slack.</summary>
public sealed class RolesTests
{
    private const string Team = ChampionsWorld.Team;
    private const string Manager = ChampionsWorld.Manager;

    [Fact]
    public async Task IsManager_RemovedFromTheGroupInSlack_IsRefusedOnceTheCopyIsOlderThanMaxAge()
    {
        await using var world = await ChampionsWorld.Create();
        Assert.IsType<Nominated>(await world.Nominate(Manager, ChampionsWorld.Nominee));

        world.GroupMembers.Remove(Manager);
        world.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.True(await IsManager(world, Manager)); // exactly MaxAge old: still the synced copy

        world.Time.Advance(TimeSpan.FromMinutes(1));
        var refused = Assert.IsType<NominationRefused>(await world.Nominate(Manager, ChampionsWorld.Colleague));
        Assert.Equal(NominationRefusal.NotAManager, refused.Why);
        Assert.True(await IsManager(world, ChampionsWorld.OtherManager));
        world.UserGroupUsers.Verify(g => g.List(ChampionsWorld.ManagerGroupId, It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Exactly(2)); // the sync, then one re-check
    }

    [Fact]
    public async Task IsManager_MaxAgeZero_AsksSlackEveryTime()
    {
        var settings = ChampionsWorld.DefaultSettings();
        settings["Roles:MaxAgeMinutes"] = "0";
        await using var world = await ChampionsWorld.Create(settings);
        world.Time.Advance(TimeSpan.FromSeconds(1));
        world.GroupMembers.Remove(Manager);

        Assert.False(await IsManager(world, Manager));
    }

    [Fact]
    public async Task IsManager_SlackCannotBeAskedForAStaleCopy_IsRefusedAndTheCopyKept()
    {
        await using var world = await ChampionsWorld.Create();
        world.UserGroupUsers.Setup(g => g.List(ChampionsWorld.ManagerGroupId, It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new SlackException("http_503", "usergroups.users.list"));
        world.Time.Advance(TimeSpan.FromMinutes(11));

        Assert.False(await IsManager(world, Manager));

        world.UserGroupUsers.Setup(g => g.List(ChampionsWorld.ManagerGroupId, It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => world.GroupMembers.ToList());
        Assert.True(await IsManager(world, Manager));
    }

    [Fact]
    public async Task IsManager_GroupDeletedSinceTheSync_IsRefusedAndItsMembersCleared()
    {
        await using var world = await ChampionsWorld.Create();
        world.UserGroupUsers.Setup(g => g.List(ChampionsWorld.ManagerGroupId, It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new SlackException("no_such_subteam", "usergroups.users.list"));
        world.Time.Advance(TimeSpan.FromMinutes(11));

        Assert.False(await IsManager(world, Manager));
        Assert.Empty(await world.All<UserGroupMember>());
        Assert.Equal(UserGroupState.Gone, Assert.Single(await world.All<UserGroupRecord>()).State);
        Assert.False(await IsManager(world, ChampionsWorld.OtherManager));
    }

    [Fact]
    public async Task IsManager_ListedUser_NeedsNoGroupAndNoSlack()
    {
        var settings = ChampionsWorld.DefaultSettings();
        settings.Remove("Champions:ManagerGroup");
        settings["Champions:Managers:0"] = " " + ChampionsWorld.Colleague + " ";
        await using var world = await ChampionsWorld.Create(settings);
        world.Time.Advance(TimeSpan.FromDays(3));

        Assert.True(await IsManager(world, ChampionsWorld.Colleague));
        Assert.False(await IsManager(world, Manager));
        world.UserGroupUsers.Verify(g => g.List(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task IsChampionsAdmin_ListedInChampionsAdmins_OthersAreNot()
    {
        var settings = ChampionsWorld.DefaultSettings();
        settings["Champions:Admins:0"] = ChampionsWorld.Colleague;
        await using var world = await ChampionsWorld.Create(settings);

        Assert.True(await world.Run<Roles, bool>(r => r.IsChampionsAdmin(Team, ChampionsWorld.Colleague)));
        Assert.False(await world.Run<Roles, bool>(r => r.IsChampionsAdmin(Team, Manager)));
    }

    [Fact]
    public async Task Sync_RoleGroups_AreFollowedWithoutTheFeatureThatUsesThem()
    {
        // The champions world has no pulse feature: the HR group is followed because it is a role's group.
        var settings = ChampionsWorld.DefaultSettings();
        settings["Pulse:HrGroup"] = "@people";
        await using var world = await ChampionsWorld.Create(settings, sync: false);
        world.UserGroups.Setup(g => g.List(It.IsAny<bool>(), It.IsAny<bool>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([new UserGroup { Id = ChampionsWorld.ManagerGroupId, Handle = "managers" }, new UserGroup { Id = "SPEOPLE", Handle = "people" }]);
        world.UserGroupUsers.Setup(g => g.List("SPEOPLE", It.IsAny<bool>(), It.IsAny<CancellationToken>())).ReturnsAsync(["UHRPERSON"]);

        await world.SyncGroups();

        world.UserGroups.Verify(g => g.List(It.IsAny<bool>(), true, It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Once); // disabled groups included
        Assert.True(await world.Run<Roles, bool>(r => r.IsHr(Team, "UHRPERSON")));
        Assert.False(await world.Run<Roles, bool>(r => r.IsHr(Team, Manager)));
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(10, true)]
    [InlineData(1440, true)]
    [InlineData(1441, false)]
    public void Validate_MaxAgeMinutes_IsZeroToADay(int minutes, bool valid)
    {
        var result = new RolesOptionsValidator().Validate(null, new RolesOptions { MaxAgeMinutes = minutes });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.StartsWith("Roles:MaxAgeMinutes is malformed", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    private static Task<bool> IsManager(ChampionsWorld world, string userId) =>
        world.Run<Roles, bool>(r => r.IsManager(Team, userId));
}
