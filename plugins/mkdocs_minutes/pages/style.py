"""The plugin's stylesheet, shipped as a generated ``assets/minutes/minutes.css``.

Colours come from Material's CSS custom properties, so every page and chart follows the
light and dark palettes; layouts wrap at phone width.
"""

from __future__ import annotations

from .charts import CHART_CSS

STYLESHEET = (
    """
.minutes-header { border-left: .2rem solid var(--md-primary-fg-color);
  padding: .2rem .8rem; margin: 0 0 1.2rem; background: var(--md-code-bg-color);
  border-radius: .2rem; }
.minutes-header p { margin: .4rem 0; }
.minutes-counts { color: var(--md-default-fg-color--light); font-size: .7rem; }
.md-typeset a.minutes-topic { display: inline-block; font-size: .62rem; line-height: 1.4;
  padding: 0 .45rem; margin-left: .25rem; border-radius: 1rem; vertical-align: middle;
  background: var(--md-accent-fg-color--transparent, rgba(82,108,254,.1));
  color: var(--md-accent-fg-color); border: 1px solid var(--md-accent-fg-color); }
.md-typeset a.minutes-ref { font-size: .7rem; opacity: .7; text-decoration: none; }
.md-typeset a.minutes-ref:hover { opacity: 1; }
.md-typeset a.minutes-edit { font-size: .7rem; }
.minutes-prevnext { display: flex; flex-wrap: wrap; justify-content: space-between;
  gap: .5rem; margin-top: 2rem; padding-top: .8rem;
  border-top: 1px solid var(--md-default-fg-color--lightest); }
.md-typeset .minutes-header p.minutes-counts { color: var(--md-default-fg-color--light);
  font-size: .7rem; }
.md-typeset .minutes-quotes > ul { margin-top: .3rem; }
.md-typeset input.minutes-order { margin-right: .3rem; vertical-align: middle; }
.md-typeset label[for="minutes-order"] { font-size: .7rem; cursor: pointer; }
.md-typeset p:has(input.minutes-order:checked) + .minutes-quotes > ul { display: flex;
  flex-direction: column-reverse; }
.md-typeset .minutes-prevnext a.minutes-next { margin-left: auto; text-align: right; }
.minutes-cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
  gap: .6rem; margin: 1rem 0; }
.minutes-card { border: 1px solid var(--md-default-fg-color--lightest); border-radius: .3rem;
  padding: .5rem .7rem; }
.minutes-card strong { display: block; font-size: 1.3rem; color: var(--md-typeset-a-color); }
.minutes-card span { color: var(--md-default-fg-color--light); font-size: .7rem; }
.minutes-latest { border: 1px solid var(--md-primary-fg-color); border-radius: .3rem;
  padding: .2rem .9rem; margin: 1rem 0; }
.minutes-excerpt { color: var(--md-default-fg-color--light); }
.md-typeset .minutes-label { display: inline-block; font-size: .6rem; line-height: 1.4;
  padding: 0 .4rem; margin-left: .2rem; border-radius: 1rem; vertical-align: middle;
  color: var(--md-default-fg-color--light); border: 1px solid currentColor; }
.md-typeset li .minutes-excerpt { display: block; font-size: .7rem; line-height: 1.5; }
.md-typeset .minutes-timeline { list-style: none; margin-left: 0;
  border-left: 2px solid var(--md-default-fg-color--lightest); padding-left: .9rem; }
.md-typeset .minutes-timeline > li { margin-left: 0; }
.md-typeset li[id], .md-typeset span.minutes-anchor { scroll-margin-top: 4rem; }
.md-typeset li:target { background: var(--md-accent-fg-color--transparent, rgba(255,200,0,.15));
  border-radius: .2rem; }
.md-typeset table.minutes-table { font-size: .7rem; }
@media screen and (max-width: 44.9375em) {
  .minutes-header { margin-left: -.2rem; margin-right: -.2rem; }
  .minutes-prevnext { flex-direction: column; }
}
"""
    + CHART_CSS
)
