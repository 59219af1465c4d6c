using Microsoft.EntityFrameworkCore;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Persistence;

namespace SlackChampionBot.Features.Teams;

/// <summary>
/// A team's recognition: stars its members gave and received in a period, and whether nobody in it received a star in
/// the 30 days before <c>asOf</c>.
/// </summary>
internal sealed record TeamRecognition(string GroupId, string Name, int StarsGiven, int StarsReceived, bool NoStarsIn30Days);

/// <summary>
/// Stars per team (the user groups of <c>Leaderboards:Teams</c>), the one rule HR's pulse results and the fair-play
/// audit both show: given (stars with a giver: cheers and credits) and received (every star) in [from, to), and "no star
/// in 30 days" when the team's members received nothing, net, in the 30 days up to <c>asOf</c>.
/// </summary>
internal sealed class TeamStars(BotDbContext db, UserGroupDirectory groups, CompanyTeams companyTeams)
{
    public static readonly TimeSpan QuietWindow = TimeSpan.FromDays(30);

    public async Task<IReadOnlyList<TeamRecognition>> ByTeam(string teamId, DateTime fromUtc, DateTime toUtc, DateTime asOfUtc, CancellationToken cancellationToken)
    {
        var quietSince = asOfUtc - QuietWindow;
        var result = new List<TeamRecognition>();
        foreach (var reference in companyTeams.GroupReferences)
        {
            var group = await groups.Find(teamId, reference, cancellationToken);
            if (group is null || result.Any(r => r.GroupId == group.GroupId))
            {
                continue;
            }

            var members = await groups.Members(teamId, group.GroupId, cancellationToken);
            var entries = db.Set<StarEntry>().AsNoTracking().Where(e => e.TeamId == teamId);
            var given = await entries.Where(e => e.GiverId != null && members.Contains(e.GiverId) && e.CreatedAt >= fromUtc && e.CreatedAt < toUtc).SumAsync(e => e.Amount, cancellationToken);
            var received = await entries.Where(e => members.Contains(e.ReceiverId) && e.CreatedAt >= fromUtc && e.CreatedAt < toUtc).SumAsync(e => e.Amount, cancellationToken);
            var recent = await entries.Where(e => members.Contains(e.ReceiverId) && e.CreatedAt >= quietSince && e.CreatedAt <= asOfUtc).SumAsync(e => e.Amount, cancellationToken);
            result.Add(new TeamRecognition(group.GroupId, group.Name, given, received, recent <= 0));
        }

        return result;
    }
}
