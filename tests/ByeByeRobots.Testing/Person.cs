using Microsoft.Playwright;

namespace ByeByeRobots.Testing;

/// <summary>
/// Input the way a person produces it: irregular key rhythm with pauses, curved mouse paths
/// at uneven speed. Playwright's own typing (a fixed delay) is what the scorer calls a bot.
/// </summary>
public sealed class Person(IPage page, int seed = 1)
{
    private readonly Random _random = new(seed);

    public async Task TypeAsync(string text)
    {
        foreach (var character in text)
        {
            await page.Keyboard.PressAsync(character.ToString(), new() { Delay = 40 + _random.Next(60) });
            await Task.Delay(60 + _random.Next(200) + (_random.Next(8) == 0 ? 350 : 0));
        }
    }

    public async Task PressAsync(string key)
    {
        await Task.Delay(150 + _random.Next(400));
        await page.Keyboard.PressAsync(key, new() { Delay = 50 + _random.Next(70) });
    }

    /// <summary>Moves along a curve to the element's centre and clicks it.</summary>
    public async Task ClickAsync(ILocator target)
    {
        var box = await target.BoundingBoxAsync() ?? throw new InvalidOperationException("The element is not visible.");
        var (x, y) = (box.X + box.Width / 2, box.Y + box.Height / 2);
        await MoveToAsync(x, y);
        await page.Mouse.DownAsync();
        await Task.Delay(70 + _random.Next(60));
        await page.Mouse.UpAsync();
    }

    public async Task MoveToAsync(double x, double y)
    {
        var (fromX, fromY) = (_lastX, _lastY);
        var bend = (_random.NextDouble() - 0.5) * 160;
        var steps = 18 + _random.Next(14);
        for (var i = 1; i <= steps; i++)
        {
            var t = (double)i / steps;
            var eased = t * t * (3 - 2 * t);
            var px = fromX + (x - fromX) * eased - bend * Math.Sin(Math.PI * t) * 0.5;
            var py = fromY + (y - fromY) * eased + bend * Math.Sin(Math.PI * t);
            await page.Mouse.MoveAsync((float)px, (float)py);
            await Task.Delay(8 + _random.Next(18));
        }

        (_lastX, _lastY) = (x, y);
    }

    private double _lastX = 40;
    private double _lastY = 40;
}
