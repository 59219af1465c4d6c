using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SlackChampionBot.Sandbox.Tests;

/// <summary>
/// The sandbox page in a real browser (Playwright driving Debian's Chromium): a week of the game as a visitor plays
/// it. Screenshots of each step go to <c>screenshots/</c> beside the test binaries.
/// </summary>
public sealed class SandboxBrowserTests
{
    private const string Amara = "U0AMARA";
    private const string Ben = "U0BEN";
    private const string Elif = "U0ELIF";
    private const string Lucia = "U0LUCIA";

    private static readonly string[] PulseAnswerers = ["U0AMARA", "U0BEN", "U0CHLOE", "U0DIEGO", "U0ELIF", "U0FINN"];

    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");

    [ChromiumFact]
    public async Task Visitor_PlaysAWeek_WinCheerLeaderboardHomeChampionAndPulse()
    {
        await using var sandbox = await SandboxProcess.Start();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        SetDefaultExpectTimeout(60_000);
        page.SetDefaultTimeout(60_000);
        Directory.CreateDirectory(Screenshots);
        await page.GotoAsync(sandbox.Page.ToString());

        // Amara posts a win crediting Ben, picking him from the @-mention list, and sees the bot's reply in the thread.
        await As(page, Amara);
        await page.ClickAsync("[data-view=C0WINS]");
        await page.FillAsync("#compose-text", "#win Rescued the Henderson order with @be");
        await page.ClickAsync("#suggestions [data-handle=ben]");
        await page.Keyboard.TypeAsync("by rerouting it overnight");
        await page.Keyboard.PressAsync("Enter");
        var win = page.Locator("#messages .msg", new PageLocatorOptions { HasText = "Rescued the Henderson order" });
        await Expect(win).ToContainTextAsync("with @Ben Carter by rerouting");
        await win.Locator(".replies").ClickAsync();
        await Expect(page.Locator("#thread-messages")).ToContainTextAsync("Gold star for @Amara Okafor");
        await Shot(page, "1-win-and-thread");

        // Ben cheers it with a star (the bot's own :star: is already there).
        await As(page, Ben);
        await win.Locator(".reaction[data-react=star]").ClickAsync();
        await Expect(win.Locator(".reaction.mine")).ToContainTextAsync("2");

        // /leaderboard shows both of them, to Ben only.
        await Command(page, "/leaderboard");
        var board = page.Locator("#messages .msg.ephemeral", new PageLocatorOptions { HasText = "Leaderboard" });
        await Expect(board).ToContainTextAsync("Amara Okafor");
        await Expect(board).ToContainTextAsync("Ben Carter");
        await Shot(page, "2-leaderboard");

        // App Home shows his stars.
        await page.ClickAsync("[data-view=home]");
        await Expect(page.Locator("#home")).ToContainTextAsync("This week's top 5");
        await Expect(page.Locator("#home")).ToContainTextAsync("Ben Carter");
        await Shot(page, "3-app-home");

        // Elif, a manager, nominates Ben through the form; the announcement follows.
        await As(page, Elif);
        await page.ClickAsync("[data-view=C0WINS]");
        await Command(page, "/champion");
        await Expect(page.Locator("#modal .modal-title")).ToHaveTextAsync("Customer Champion");
        await page.SelectOptionAsync("#modal select[data-action-id=nominee]", Ben);
        await page.FillAsync("#modal textarea[data-action-id=reason]", "Rerouted the Henderson order overnight and kept the customer informed at every step.");
        await Shot(page, "4-champion-form");
        await page.ClickAsync("#modal-submit");
        await Expect(page.Locator("#modal-backdrop")).ToBeHiddenAsync();
        await page.ClickAsync("[data-view=C0ANNOUNCE]");
        await Expect(page.Locator("#messages")).ToContainTextAsync("Customer Champion");

        // A pulse opens; six people answer the first statement in their DM; it closes; HR reads the results.
        await page.ClickAsync("[data-time=open-pulse]");
        await Expect(page.Locator("#notice")).ToContainTextAsync("pulse survey opened");

        // Each person gets the DM at their own 10:00 within 08:00-18:00 local (the company spans eight zones): a day
        // later, after the jump has run the pulse tick, everyone has theirs.
        await page.ClickAsync("[data-time=next-day]");
        await Expect(page.Locator("#notice")).Not.ToContainTextAsync("pulse survey opened");
        foreach (var person in PulseAnswerers)
        {
            await As(page, person);
            await page.ClickAsync("[data-view=dm]");
            var survey = page.Locator("#messages .msg", new PageLocatorOptions { HasText = "Pulse: how are things?" });
            await survey.Locator("button[data-action-id=pulse_answer_4]").First.ClickAsync();
            await Expect(page.Locator("#messages .msg.ephemeral", new PageLocatorOptions { HasText = "Saved: 4 for question 1" })).ToBeVisibleAsync();
        }

        await Shot(page, "5-pulse-dm");
        await page.ClickAsync("[data-time=close-pulse]");
        await Expect(page.Locator("#notice")).ToContainTextAsync("pulse survey closed");
        await As(page, Lucia);
        await page.ClickAsync("[data-view=C0WINS]");
        await Command(page, "/pulse results");
        var results = page.Locator("#messages .msg.ephemeral", new PageLocatorOptions { HasText = "Pulse results" });
        // Six answers: enough (threshold 5) for the response rate and the first statement. The DMs go out paced
        // (Pulse:DmsPerMinute), so how many had gone out when it closed depends on the machine.
        await Expect(results).ToContainTextAsync("Response rate:");
        await Expect(results).ToContainTextAsync("(6 of ");
        await Expect(results).ToContainTextAsync("n=6");
        await Shot(page, "6-pulse-results");
    }

    private static async Task As(IPage page, string userId)
    {
        await page.SelectOptionAsync("#you", userId);
        await Expect(page.Locator("#you")).ToHaveValueAsync(userId);
    }

    private static async Task Command(IPage page, string text)
    {
        await page.FillAsync("#compose-text", text);
        await page.Keyboard.PressAsync("Enter");
    }

    private static Task Shot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png") });
}
