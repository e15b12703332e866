using System.Text.RegularExpressions;

namespace PartnerCms.Core.Liquid;

/// <summary>
/// Counts how deeply a template's blocks nest before the parser sees it: Fluid's parser recurses once per level, so
/// thousands of nested <c>{% if %}</c> would overflow the stack and end the process (no exception can catch that).
/// Parentheses inside one tag are counted the same way.
/// </summary>
internal static partial class NestingGuard
{
    private static readonly HashSet<string> Openers = ["if", "unless", "for", "case", "capture", "tablerow", "comment", "raw"];

    /// <summary>Null when the nesting stays within <paramref name="maxDepth"/>; otherwise the problem and its line.</summary>
    public static LiquidError? Check(string source, int maxDepth)
    {
        try
        {
            return CheckTags(source, maxDepth);
        }
        catch (RegexMatchTimeoutException)
        {
            return new LiquidError("The template is too complex to read. Simplify it.", 0, 0);
        }
    }

    private static LiquidError? CheckTags(string source, int maxDepth)
    {
        var depth = 0;
        var inRaw = false;
        foreach (Match tag in Tag().Matches(source))
        {
            var line = 1 + source.AsSpan(0, tag.Index).Count('\n');
            var body = tag.Groups["body"].Value;
            if (ParenthesisDepth(body) > maxDepth)
            {
                return new LiquidError($"Parentheses are nested more than {maxDepth} levels deep.", line, 1);
            }

            if (tag.Groups["kind"].Value == "{{")
            {
                continue;
            }

            // The liquid tag holds one tag per line, without delimiters.
            var names = Name().Match(body) is { Success: true } first && first.Value == "liquid"
                ? body.Split('\n').Skip(1).Prepend(body[(first.Index + first.Length)..].Split('\n')[0]).Select(l => Name().Match(l)).Where(m => m.Success).Select(m => m.Value)
                : Name().Match(body) is { Success: true } name ? [name.Value] : [];
            foreach (var word in names)
            {
                if (inRaw)
                {
                    inRaw = word != "endraw";
                    if (!inRaw)
                    {
                        depth--;
                    }

                    continue;
                }

                if (Openers.Contains(word))
                {
                    depth++;
                    inRaw = word == "raw";
                    if (depth > maxDepth)
                    {
                        return new LiquidError($"Blocks are nested more than {maxDepth} levels deep. Simplify the template.", line, 1);
                    }
                }
                else if (word.StartsWith("end", StringComparison.Ordinal) && depth > 0)
                {
                    depth--;
                }
            }
        }

        return null;
    }

    private static int ParenthesisDepth(string body)
    {
        int depth = 0, max = 0;
        foreach (var c in body)
        {
            if (c == '(')
            {
                max = Math.Max(max, ++depth);
            }
            else if (c == ')')
            {
                depth--;
            }
        }

        return max;
    }

    [GeneratedRegex(@"(?<kind>\{%|\{\{)-?(?<body>.*?)-?(%\}|\}\})", RegexOptions.Singleline | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 2000)]
    private static partial Regex Tag();

    [GeneratedRegex(@"[a-z_]+", System.Text.RegularExpressions.RegexOptions.NonBacktracking)]
    private static partial Regex Name();
}
