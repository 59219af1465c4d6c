using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using SlackChampionBot.Features.People;
using SlackChampionBot.Features.Pulse;
using SlackChampionBot.Persistence;
using SlackChampionBot.Slack.WebApi;
using SlackChampionBot.Tests.Features.Pulse;

namespace SlackChampionBot.Tests.Features.People;

/// <summary>The user cache, through the Pulse test world (it fakes users.info / users.list on real SQLite).</summary>
public sealed class UserDirectoryTests
{
    [Fact]
    public async Task StoreMany_APageOfUsers_InsertsNewAndUpdatesCachedRows_AndLeavesNothingTracked()
    {
        await using var world = new PulseTestWorld();
        await world.InScope(async sp =>
        {
            var directory = sp.GetRequiredService<UserDirectory>();
            await directory.Store(PulseTestWorld.TeamId, new User { Id = "U1", Profile = new UserProfile { DisplayName = "old name" } });

            await directory.StoreMany(PulseTestWorld.TeamId,
            [
                new User { Id = "U1", Profile = new UserProfile { DisplayName = "new name" }, Tz = "Asia/Tokyo" },
                new User { Id = "U2", IsBot = true },
                new User { Id = "U3", Deleted = true },
                new User { Id = "U3", Deleted = true },
            ]);

            var db = sp.GetRequiredService<BotDbContext>();
            Assert.DoesNotContain(db.ChangeTracker.Entries<SlackUser>(), e => e.Entity.UserId != "U1");
            var rows = await db.Set<SlackUser>().AsNoTracking().OrderBy(u => u.UserId).ToListAsync();
            Assert.Equal(["U1", "U2", "U3"], rows.Select(r => r.UserId));
            Assert.Equal("new name", rows[0].DisplayName);
            Assert.Equal("Asia/Tokyo", rows[0].TimeZone);
            Assert.True(rows[1].IsBot);
            Assert.True(rows[2].IsDeleted);
        });
    }

    [Fact]
    public async Task GetMany_FreshRowsFromTheCache_OnlyMissingOrOldOnesAskSlack()
    {
        await using var world = new PulseTestWorld();
        var people = world.AddPeople(4);
        await world.InScope(sp => sp.GetRequiredService<UserDirectory>().StoreMany(PulseTestWorld.TeamId, people.Take(2).Select(id => world.People[id])));
        world.Time.Advance(UserDirectory.MaxAge + TimeSpan.FromMinutes(1));
        await world.InScope(sp => sp.GetRequiredService<UserDirectory>().StoreMany(PulseTestWorld.TeamId, [world.People[people[1]]]));

        var found = await world.InScope(sp => sp.GetRequiredService<UserDirectory>().GetMany(PulseTestWorld.TeamId, [.. people, "UNOBODY", people[1]]));

        Assert.Equal(people.Order(), found.Keys.Order());
        world.UsersApi.Verify(u => u.Info(people[0], It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Once()); // old
        world.UsersApi.Verify(u => u.Info(people[1], It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Never()); // fresh
        world.UsersApi.Verify(u => u.Info(people[2], It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Once()); // missing
        world.UsersApi.Verify(u => u.Info("UNOBODY", It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Once()); // unknown to Slack
    }

    [Fact]
    public async Task PulseAudience_ManyPeople_OneUsersListWalkAndNoUsersInfo()
    {
        await using var world = new PulseTestWorld();
        var people = world.AddPeople(1200, withBotAndDeleted: true);

        var audience = await world.InScope(sp => sp.GetRequiredService<PulseAudience>().Resolve(PulseTestWorld.TeamId, PulseTestWorld.BotUserId, CancellationToken.None));

        Assert.Equal(people.Order(), audience.Select(r => r.UserId).Order());
        world.UsersApi.Verify(u => u.Info(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Never());
        Assert.Equal(1202, await world.InScope(sp => sp.GetRequiredService<BotDbContext>().Set<SlackUser>().CountAsync()));
    }
}
