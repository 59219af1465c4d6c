using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SlackChampionBot.Features.Pulse;
using SlackChampionBot.Persistence;
using SlackChampionBot.Scheduling;
using SlackChampionBot.Slack.Blocks;
using SlackChampionBot.Slack.WebApi;

namespace SlackChampionBot.Tests.Features.Pulse;

/// <summary>
/// Each person gets the survey at <c>Pulse:LocalSendTime</c> (10:00) on the opening day in their own Slack time zone,
/// the reminder and the close follow their own clock, and nothing reaches anyone outside 08:00-18:00 their time. The
/// company is in Europe/London; the clock is a FakeTimeProvider stepped a quarter of an hour at a time.
/// </summary>
public sealed class PulseLocalTimeTests
{
    private const string Tokyo = "UTOKYO1";
    private const string LosAngeles = "ULOSANG";
    private const string London = "ULONDON";
    private const string Auckland = "UAUCKLD";
    private const string NoZone = "UNOZONE";

    private static readonly Dictionary<string, string?> Zones = new()
    {
        [Tokyo] = "Asia/Tokyo",
        [LosAngeles] = "America/Los_Angeles",
        [London] = "Europe/London",
        [Auckland] = "Pacific/Auckland",
        [NoZone] = null,
    };

    // The opening day: Tuesday 24 March 2026 (Pulse:Cron's default, 0 10 * * TUE). The world starts on Tuesday 17th.
    private static readonly DateOnly OpeningDay = new(2026, 3, 24);

    [Fact]
    public async Task Tick_OpeningDay_EachPersonGetsTheDmAtTenTheirTimeOnThatDate()
    {
        await using var world = WorldWith(out var sent);
        var opened = await StepUntil(world, new DateTimeOffset(2026, 3, 25, 0, 0, 0, TimeSpan.Zero));

        // The survey was prepared when 24 March began somewhere on Earth (UTC+14), before Auckland's morning.
        Assert.Equal(new DateTime(2026, 3, 23, 10, 0, 0, DateTimeKind.Utc), opened);
        foreach (var (person, zone) in Zones)
        {
            var local = Local(sent[person][0].At, zone);
            Assert.Equal(OpeningDay, DateOnly.FromDateTime(local));
            Assert.Equal(new TimeOnly(10, 0), TimeOnly.FromDateTime(local));
        }

        // Tokyo got it first, 01:00 UTC; Los Angeles (PDT) last, 17:00 UTC; no zone means the company's (London, GMT).
        Assert.Equal(new DateTime(2026, 3, 24, 1, 0, 0, DateTimeKind.Utc), sent[Tokyo][0].At);
        Assert.Equal(new DateTime(2026, 3, 24, 17, 0, 0, DateTimeKind.Utc), sent[LosAngeles][0].At);
        Assert.Equal(new DateTime(2026, 3, 24, 10, 0, 0, DateTimeKind.Utc), sent[NoZone][0].At);
        Assert.Equal(new DateTime(2026, 3, 23, 21, 0, 0, DateTimeKind.Utc), sent[Auckland][0].At);
    }

    [Fact]
    public async Task Tick_WholeSurvey_RemindersAndCloseFollowEachPersonsClockAndStayInsideTheirWindow()
    {
        await using var world = WorldWith(out var sent);
        await StepUntil(world, new DateTimeOffset(2026, 3, 28, 0, 0, 0, TimeSpan.Zero));

        var survey = await world.Db(db => db.Set<PulseSurvey>().AsNoTracking().SingleAsync());
        Assert.NotNull(survey.ClosedAt);
        foreach (var (person, zone) in Zones)
        {
            // The DM and the one reminder (nobody answered), 24 hours apart, both at 10:00 local.
            Assert.Equal(2, sent[person].Count);
            Assert.All(sent[person], s => Assert.InRange(TimeOnly.FromDateTime(Local(s.At, zone)), PulseSchedule.WindowStart, new TimeOnly(17, 59, 59)));
            Assert.Equal(new TimeOnly(10, 0), TimeOnly.FromDateTime(Local(sent[person][1].At, zone)));
            Assert.Equal(OpeningDay.AddDays(1), DateOnly.FromDateTime(Local(sent[person][1].At, zone)));
            Assert.Contains("Reminder", sent[person][1].Message.Text, StringComparison.Ordinal);

            // The DM says when the person's own window closes: 10:00 their time, three days later.
            var closes = new DateTimeOffset(Utc(OpeningDay.AddDays(3), new TimeOnly(10, 0), zone)).ToUnixTimeSeconds();
            Assert.Contains(sent[person][0].Message.Blocks!, b => b is SectionBlock { Text: Markdown m } && m.Text.Contains($"<!date^{closes}^", StringComparison.Ordinal));
        }

        // The survey closed when the last window (Los Angeles, 10:00 PDT on the 27th) ended.
        Assert.Equal(new DateTime(2026, 3, 27, 17, 0, 0, DateTimeKind.Utc), survey.ClosesAt);
    }

    [Fact]
    public async Task Answer_AfterTheirOwnWindowEnded_IsRefusedWhileOthersCanStillAnswer()
    {
        await using var world = WorldWith(out _);
        await StepUntil(world, new DateTimeOffset(2026, 3, 27, 2, 0, 0, TimeSpan.Zero));
        var survey = await world.Db(db => db.Set<PulseSurvey>().AsNoTracking().SingleAsync());
        Assert.Null(survey.ClosedAt);

        // 11:00 in Tokyo on the 27th: Tokyo's window closed at 10:00; Los Angeles (18:00 on the 26th there) is still open.
        var tokyo = await world.InScope(sp => sp.GetRequiredService<PulseService>().Answer(PulseTestWorld.TeamId, Tokyo, null, survey.Id, 0, 4, CancellationToken.None));
        var losAngeles = await world.InScope(sp => sp.GetRequiredService<PulseService>().Answer(PulseTestWorld.TeamId, LosAngeles, null, survey.Id, 0, 4, CancellationToken.None));
        Assert.Equal(AnswerStatus.Closed, tokyo.Status);
        Assert.Equal(AnswerStatus.Recorded, losAngeles.Status);
    }

    [Fact]
    public async Task Tick_DaylightSavingStartsDuringTheSurvey_CloseIsStillTenLocal()
    {
        // Seven days open: London moves to BST on Sunday 29 March; the close is 10:00 BST on the 31st (09:00 UTC).
        await using var world = WorldWith(out var sent, new() { ["Pulse:OpenDays"] = "7", ["Pulse:ReminderAfterHours"] = "120" });
        await StepUntil(world, new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero));

        var londonReminder = sent[London][1].At;
        Assert.Equal(new DateTime(2026, 3, 29, 10, 0, 0, DateTimeKind.Utc), londonReminder); // 120 h after 10:00 GMT is 11:00 BST
        Assert.Equal(new TimeOnly(11, 0), TimeOnly.FromDateTime(Local(londonReminder, "Europe/London")));
        var closes = new DateTimeOffset(new DateTime(2026, 3, 31, 9, 0, 0, DateTimeKind.Utc)).ToUnixTimeSeconds();
        Assert.Contains(sent[London][0].Message.Blocks!, b => b is SectionBlock { Text: Markdown m } && m.Text.Contains($"<!date^{closes}^", StringComparison.Ordinal));
        Assert.All(Zones, z => Assert.All(sent[z.Key], s => Assert.True(PulseSchedule.InWindow(Calendar(z.Value), s.At))));
    }

    [Fact]
    public async Task SendNow_NightSomewhere_ThoseOutsideTheirWindowGetItAtTheirNextEight()
    {
        // Tuesday 17 March, 09:00 UTC: 09:00 in London, 18:00 in Tokyo (window over), 02:00 in Los Angeles.
        await using var world = WorldWith(out var sent, scheduled: false);
        var (survey, opened) = await world.InScope(sp => sp.GetRequiredService<PulseService>().OpenNow(PulseTestWorld.TeamId, CancellationToken.None));
        Assert.True(opened);
        await StepUntil(world, new DateTimeOffset(2026, 3, 18, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTime(2026, 3, 17, 9, 0, 0, DateTimeKind.Utc), sent[London][0].At);
        Assert.Equal(new DateTime(2026, 3, 17, 9, 0, 0, DateTimeKind.Utc), sent[NoZone][0].At);
        Assert.Equal(new DateTime(2026, 3, 17, 23, 0, 0, DateTimeKind.Utc), sent[Tokyo][0].At); // 08:00 on the 18th there
        Assert.Equal(new DateTime(2026, 3, 17, 15, 0, 0, DateTimeKind.Utc), sent[LosAngeles][0].At); // 08:00 PDT
        Assert.All(Zones, z => Assert.All(sent[z.Key], s => Assert.True(PulseSchedule.InWindow(Calendar(z.Value), s.At))));
        Assert.Equal(1, survey.Number);
    }

    [Theory]
    [InlineData("07:59", false)]
    [InlineData("08:00", true)]
    [InlineData("17:59", true)]
    [InlineData("18:00", false)]
    [InlineData("ten", false)]
    public void Validate_LocalSendTime_OnlyInsideTheWindow(string value, bool valid)
    {
        var result = new PulseOptionsValidator().Validate(null, new PulseOptions { Audience = "C0AUDIENCE", Hr = ["UHR0001"], LocalSendTime = value });
        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.StartsWith("Pulse:LocalSendTime is malformed", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    private static PulseTestWorld WorldWith(out ConcurrentDictionary<string, List<(DateTime At, Message Message)>> sent, Dictionary<string, string?>? settings = null, bool scheduled = true)
    {
        var world = new PulseTestWorld(settings);
        if (scheduled)
        {
            // Monday 23 March: no survey is due until the 24th begins somewhere on Earth.
            world.Time.SetUtcNow(new DateTimeOffset(2026, 3, 23, 0, 0, 0, TimeSpan.Zero));
        }

        var posts = new ConcurrentDictionary<string, List<(DateTime At, Message Message)>>();
        foreach (var (person, zone) in Zones)
        {
            world.People[person] = new User { Id = person, Name = person.ToLowerInvariant(), Tz = zone };
            world.ChannelMembers.Add(person);
            posts[person] = [];
        }

        world.AfterPost = (message, _) =>
        {
            var person = Zones.Keys.Single(p => message.Channel == p || message.Channel == PulseTestWorld.DmOf(p));
            lock (posts)
            {
                posts[person].Add((world.Time.GetUtcNow().UtcDateTime, message));
            }

            return Task.CompletedTask;
        };
        sent = posts;
        return world;
    }

    /// <summary>Ticks every 15 minutes up to <paramref name="until"/>; returns when the survey was prepared, if it was.</summary>
    private static async Task<DateTime?> StepUntil(PulseTestWorld world, DateTimeOffset until)
    {
        DateTime? opened = null;
        while (world.Time.GetUtcNow() < until)
        {
            await world.Tick();
            if (opened is null && await world.Db(db => db.Set<PulseSurvey>().AnyAsync()))
            {
                opened = world.Time.GetUtcNow().UtcDateTime;
            }

            world.Time.Advance(TimeSpan.FromMinutes(15));
        }

        return opened;
    }

    private static CompanyCalendar Calendar(string? zone) =>
        new(TimeZoneInfo.FindSystemTimeZoneById(zone ?? "Europe/London"));

    private static DateTime Local(DateTime utc, string? zone) => TimeZoneInfo.ConvertTimeFromUtc(utc, Calendar(zone).Zone);

    private static DateTime Utc(DateOnly date, TimeOnly time, string? zone) => Calendar(zone).ToUtc(date, time);
}
