using SlackChampionBot.Features.Stars;
using SlackChampionBot.Slack.Events;
using SlackChampionBot.Tests.Features.Wins;
using Xunit.Abstractions;

namespace SlackChampionBot.Tests.Features.Stars;

/// <summary>
/// Random sequences of posts, cheers, un-cheers, edits, deletes and redeliveries: after every step each balance equals
/// both the ledger's own sum and an independent model of the rules, and no entry is ever reversed twice.
/// </summary>
public sealed class StarLedgerPropertyTests(ITestOutputHelper output)
{
    private static readonly string[] People = ["U0ANA", "U0BEN", "U0CAT", "U0DAN", "U0EVE"];
    private const string OtherBot = "U0HELPER";

    [Theory]
    [InlineData(20260311, 300)]
    [InlineData(7, 300)]
    public async Task Balances_RandomSequences_EqualTheLedgersSumsAndTheModel(int seed, int steps)
    {
        var random = new Random(seed);
        // The model knows who may take part, not the limits (FairPlayLimitsTests has those): they are set out of reach.
        await using var bed = new WinsTestBed(new()
        {
            ["Wins:DailyGiveLimit"] = "1000",
            ["Wins:MaxPaidWinsPerDay"] = "1000",
            ["Wins:MaxCreditsPerWin"] = "100",
            ["FairPlay:MaxStarsPerPairPerMonth"] = "0",
        });
        foreach (var person in People)
        {
            bed.AddUser(person, person.ToLowerInvariant());
        }

        bed.AddUser(OtherBot, "helper", isBot: true);
        var wins = new List<ModelWin>();
        var delivered = new List<(Event Event, string EventId)>();
        var counts = new Dictionary<string, int>();

        for (var step = 0; step < steps; step++)
        {
            bed.Time.Advance(TimeSpan.FromMinutes(random.Next(1, 90)));
            var roll = random.Next(100);
            string action;
            Event slackEvent;
            if (roll < 30 || wins.Count == 0)
            {
                action = "post";
                var poster = Pick(random, People);
                var named = Mentions(random);
                var message = bed.Message(poster, $"#win Saved a customer's anniversary dinner {string.Join(' ', named.Select(n => $"<@{n}>"))}");
                wins.Add(new ModelWin(message, poster) { Credited = Credits(named, poster) });
                slackEvent = message;
            }
            else if (roll < 55)
            {
                action = "cheer";
                var win = Pick(random, wins);
                var reactor = random.Next(10) == 0 ? WinsTestBed.BotUser : Pick(random, People);
                if (win.Live && reactor != win.Poster && reactor != WinsTestBed.BotUser)
                {
                    win.Cheers.Add(reactor);
                }

                slackEvent = bed.Cheer(reactor, win.Message);
            }
            else if (roll < 68)
            {
                action = "uncheer";
                var win = Pick(random, wins);
                var reactor = Pick(random, People);
                if (win.Live)
                {
                    win.Cheers.Remove(reactor);
                }

                slackEvent = bed.Uncheer(reactor, win.Message);
            }
            else if (roll < 83)
            {
                action = "edit";
                var win = Pick(random, wins);
                var named = Mentions(random);
                if (win.Live)
                {
                    win.Credited = Credits(named, win.Poster);
                }

                slackEvent = bed.Edit(win.Message, $"#win Saved a customer's anniversary dinner, edited {string.Join(' ', named.Select(n => $"<@{n}>"))}");
            }
            else if (roll < 93)
            {
                action = "delete";
                var win = Pick(random, wins);
                win.Live = false;
                slackEvent = bed.Delete(win.Message);
            }
            else
            {
                action = "redeliver";
                var (again, againId) = Pick(random, delivered);
                await Deliver(bed, again, againId);
                counts[action] = counts.GetValueOrDefault(action) + 1;
                await AssertConsistent(bed, wins, step, action);
                continue;
            }

            var eventId = bed.NextEventId();
            delivered.Add((slackEvent, eventId));
            await Deliver(bed, slackEvent, eventId);
            counts[action] = counts.GetValueOrDefault(action) + 1;
            await AssertConsistent(bed, wins, step, action);
        }

        var entries = await bed.Entries();
        output.WriteLine($"seed {seed}: {steps} steps ({string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}"))}), {entries.Count} ledger entries, {entries.Count(e => e.Reason == StarReason.Reversal)} reversals");
    }

    private static Task Deliver(WinsTestBed bed, Event slackEvent, string eventId) => slackEvent switch
    {
        MessageEvent m => bed.Deliver(m, eventId),
        ReactionAdded a => bed.Deliver(a, eventId),
        ReactionRemoved r => bed.Deliver(r, eventId),
        _ => throw new ArgumentOutOfRangeException(nameof(slackEvent)),
    };

    private static async Task AssertConsistent(WinsTestBed bed, List<ModelWin> wins, int step, string action)
    {
        var entries = await bed.Entries();
        var reversed = entries.Where(e => e.ReversesEntryId is not null).Select(e => e.ReversesEntryId!.Value).ToList();
        Assert.True(reversed.Count == reversed.Distinct().Count(), $"step {step} ({action}): an entry was reversed twice");
        foreach (var reversal in entries.Where(e => e.ReversesEntryId is not null))
        {
            Assert.Equal(-entries.Single(e => e.Id == reversal.ReversesEntryId).Amount, reversal.Amount);
        }

        foreach (var person in People.Append(OtherBot).Append(WinsTestBed.BotUser))
        {
            var expected = wins.Where(w => w.Live).Sum(w => (w.Poster == person ? 1 + w.Cheers.Count : 0) + (w.Credited.Contains(person) ? 1 : 0));
            var balance = await bed.Balance(person);
            var sum = entries.Where(e => e.ReceiverId == person).Sum(e => e.Amount);
            Assert.True(balance == sum, $"step {step} ({action}): {person} balance {balance} but ledger sum {sum}");
            Assert.True(balance == expected, $"step {step} ({action}): {person} balance {balance} but the rules say {expected}");
        }
    }

    private static List<string> Mentions(Random random) =>
        People.Append(OtherBot).Append(WinsTestBed.BotUser).Where(_ => random.Next(4) == 0).ToList();

    private static HashSet<string> Credits(IEnumerable<string> named, string poster) =>
        named.Where(n => n != poster && People.Contains(n)).ToHashSet();

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private sealed class ModelWin(MessageEvent message, string poster)
    {
        public MessageEvent Message { get; } = message;

        public string Poster { get; } = poster;

        public bool Live { get; set; } = true;

        public HashSet<string> Credited { get; set; } = [];

        public HashSet<string> Cheers { get; } = [];
    }
}
