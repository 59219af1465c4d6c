namespace SlackChampionBot.Features.People;

internal static class PeopleFeature
{
    /// <summary>The cached directory of Slack users (time zones, bots, guests, names) every feature asks.</summary>
    public static IServiceCollection AddPeople(this IServiceCollection services) => services.AddScoped<UserDirectory>();
}
