using Microsoft.Playwright;

namespace Momentary.Host.Tests.Marketers;

/// <summary>Accessibility basics measured in the browser: labelled inputs and the text contrast of the main elements.</summary>
internal static class Accessibility
{
    /// <summary>The ids (or names) of inputs that no label names.</summary>
    public static Task<string[]> UnlabelledInputsAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => [...document.querySelectorAll('input, select, textarea')]
          .filter(i => i.type !== 'hidden' && i.labels.length === 0 && !i.getAttribute('aria-label'))
          .map(i => i.id || i.name || i.outerHTML)
        """);

    /// <summary>
    /// The lowest WCAG contrast ratio of visible text in headings, paragraphs, labels, table cells, buttons and links,
    /// from their computed colour against the first opaque background up the tree, with the element that has it.
    /// </summary>
    public static async Task<ContrastResult> LowestContrastAsync(IPage page)
    {
        var lowest = await page.EvaluateAsync<System.Text.Json.JsonElement>("""
        () => {
          const rgb = s => { const m = s.match(/rgba?\(([^)]+)\)/); if (!m) return null; const p = m[1].split(',').map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
          const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
          const background = e => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c && c.a > 0) return c; } return { r: 255, g: 255, b: 255, a: 1 }; };
          let lowest = { ratio: 21, element: '', checked: 0 };
          for (const e of document.querySelectorAll('h1, h2, h3, p, label, th, td, button, a, li, summary, figcaption')) {
            if (!e.offsetParent && getComputedStyle(e).position !== 'fixed') continue;
            if (!e.textContent.trim()) continue;
            const fg = rgb(getComputedStyle(e).color), bg = background(e);
            const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
            const ratio = (hi + 0.05) / (lo + 0.05);
            lowest.checked++;
            if (ratio < lowest.ratio) lowest = { ratio, element: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ': ' + e.textContent.trim().slice(0, 40), checked: lowest.checked };
          }
          return lowest;
        }
        """);
        return new ContrastResult(lowest.GetProperty("ratio").GetDouble(), lowest.GetProperty("element").GetString()!, lowest.GetProperty("checked").GetInt32());
    }
}
