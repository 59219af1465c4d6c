namespace SlackChampionBot.Sandbox;

/// <summary>One person of the seeded company.</summary>
public sealed record SandboxPerson(string Id, string Handle, string RealName, string Title, string TimeZone, string? TeamHandle);

/// <summary>A seeded channel.</summary>
public sealed record SandboxChannel(string Id, string Name, string Purpose);

/// <summary>A seeded user group (a team, the managers, HR, everyone).</summary>
public sealed record SandboxGroup(string Id, string Handle, string Name, IReadOnlyList<string> Members);

/// <summary>
/// The small company the sandbox starts with: twelve people in three teams across time zones, a managers group, an
/// HR group, the three channels the bot posts to, and the bot's settings pointed at them.
/// </summary>
public static class SandboxCompany
{
    public const string WinsChannel = "C0WINS";
    public const string LeaderboardChannel = "C0LEADERBOARD";
    public const string AnnouncementsChannel = "C0ANNOUNCE";
    public const string TimeZone = "Europe/London";

    public static IReadOnlyList<SandboxPerson> People { get; } =
    [
        new("U0AMARA", "amara", "Amara Okafor", "Support lead", "Europe/London", "support"),
        new("U0BEN", "ben", "Ben Carter", "Support agent", "Europe/London", "support"),
        new("U0CHLOE", "chloe", "Chloé Martin", "Support agent", "Europe/Paris", "support"),
        new("U0DIEGO", "diego", "Diego Ramos", "Support agent", "America/Mexico_City", "support"),
        new("U0ELIF", "elif", "Elif Yılmaz", "Sales lead", "Europe/Istanbul", "sales"),
        new("U0FINN", "finn", "Finn O'Brien", "Account executive", "Europe/Dublin", "sales"),
        new("U0GRACE", "grace", "Grace Lee", "Account executive", "America/New_York", "sales"),
        new("U0HIRO", "hiro", "Hiro Tanaka", "Account executive", "Asia/Tokyo", "sales"),
        new("U0ISLA", "isla", "Isla Novak", "Operations lead", "Europe/Prague", "operations"),
        new("U0JONAS", "jonas", "Jonas Berg", "Fulfilment specialist", "Europe/Stockholm", "operations"),
        new("U0KAVYA", "kavya", "Kavya Rao", "Returns specialist", "Asia/Kolkata", "operations"),
        new("U0LUCIA", "lucia", "Lucía Torres", "People & HR", "America/Los_Angeles", null),
    ];

    public static IReadOnlyList<SandboxChannel> Channels { get; } =
    [
        new(WinsChannel, "customer-wins", "Post a customer win with #win, or use /win"),
        new(LeaderboardChannel, "leaderboard", "The weekly leaderboard, every Friday at 16:00"),
        new(AnnouncementsChannel, "announcements", "Customer Champions and milestones"),
    ];

    public static IReadOnlyList<SandboxGroup> Groups { get; } =
    [
        Team("S0SUPPORT", "support", "Support"),
        Team("S0SALES", "sales", "Sales"),
        Team("S0OPS", "operations", "Operations"),
        new("S0MANAGERS", "managers", "Managers", ["U0AMARA", "U0ELIF", "U0ISLA"]),
        new("S0HR", "hr", "HR", ["U0LUCIA"]),
        new("S0STAFF", "staff", "Everyone", [.. People.Select(p => p.Id)]),
    ];

    /// <summary>The bot's settings for this company (channels, teams, managers, HR, the pulse audience).</summary>
    public static IReadOnlyDictionary<string, string?> BotSettings { get; } = new Dictionary<string, string?>
    {
        ["Scheduling:TimeZone"] = TimeZone,
        ["Wins:Channels:0"] = WinsChannel,
        ["Leaderboards:Channel"] = LeaderboardChannel,
        ["Leaderboards:Teams:0"] = "S0SUPPORT",
        ["Leaderboards:Teams:1"] = "S0SALES",
        ["Leaderboards:Teams:2"] = "S0OPS",
        ["Champions:ManagerGroup"] = "S0MANAGERS",
        ["Champions:AnnounceChannel"] = AnnouncementsChannel,
        ["Champions:Admins:0"] = "U0LUCIA",
        ["Pulse:Audience"] = "S0STAFF",
        ["Pulse:HrGroup"] = "S0HR",
    };

    public static SandboxPerson? Person(string id) => People.FirstOrDefault(p => p.Id == id);

    /// <summary>Fills the emulator: users, channels with everyone in them, user groups.</summary>
    public static void Seed(FakeSlackWebApi slack)
    {
        foreach (var person in People)
        {
            slack.AddUser(new FakeSlackUser(person.Id, person.Handle, person.TimeZone, RealName: person.RealName, DisplayName: person.RealName,
                Email: $"{person.Handle}@example.com", IsAdmin: person.Id == "U0LUCIA"));
        }

        foreach (var channel in Channels)
        {
            slack.AddChannel(channel.Id, channel.Name);
            slack.SetChannelMembers(channel.Id, [FakeSlackWebApi.BotUserId, .. People.Select(p => p.Id)]);
        }

        foreach (var group in Groups)
        {
            slack.AddUserGroup(group.Id, group.Handle, group.Members, group.Name);
        }
    }

    private static SandboxGroup Team(string id, string handle, string name) =>
        new(id, handle, name, [.. People.Where(p => p.TeamHandle == handle).Select(p => p.Id)]);
}
