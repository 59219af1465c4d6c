using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Teams;

namespace SlackChampionBot.Features.Stars;

internal static class StarsFeature
{
    /// <summary>
    /// The gold star ledger and fair play, which wins, cheers and champion bonuses pay through. Observers of committed
    /// stars (<see cref="IStarsChangedObserver"/>) are registered by the features that watch.
    /// </summary>
    public static IServiceCollection AddStars(this IServiceCollection services, IConfiguration configuration)
    {
        // The old names are applied first, so that a FairPlay key, bound after them, wins.
        services.AddSingleton<IConfigureOptions<FairPlayOptions>>(new FairPlayOldNames(configuration));
        services.AddOptions<FairPlayOptions>().Bind(configuration.GetSection(FairPlayOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FairPlayOptions>, FairPlayOptionsValidator>();
        services.AddScoped<StarLedger>();
        services.AddScoped<FairPlay>();
        services.AddScoped<FairPlayAudit>();

        // The groups with their own daily allowance are followed (synced at start-up and daily) like teams and roles.
        services.AddUserGroupSource(sp => sp.GetRequiredService<IOptions<FairPlayOptions>>().Value.DailyGiveLimitByGroup.Keys);
        return services;
    }
}
