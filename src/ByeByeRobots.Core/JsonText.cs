using System.Text.Json;

namespace ByeByeRobots.Core;

public static class JsonText
{
    /// <summary>
    /// Reads a JSON string without throwing. The parser accepts lone UTF-16 surrogate escapes
    /// (<c>"\udc00"</c>) and invalid UTF-8 inside strings, and only <see cref="JsonElement.GetString"/>
    /// refuses them, by throwing: that refusal is turned into <c>false</c> here, once, so no
    /// request can reach it as a 500.
    /// </summary>
    public static bool TryGetString(JsonElement element, out string value)
    {
        value = "";
        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        try
        {
            value = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The string member <paramref name="name"/>, or null when it is absent, not a string or not valid text.</summary>
    public static string? GetStringMember(JsonElement element, string name) =>
        element.TryGetProperty(name, out var member) && TryGetString(member, out var value) ? value : null;
}
