from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'monthly.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_lang = resolve('lang')
    l_0_generated = resolve('generated')
    l_0_title = resolve('title')
    l_0_month = resolve('month')
    l_0_w = resolve('w')
    l_0_portfolio = resolve('portfolio')
    l_0_header = resolve('header')
    l_0_risk = resolve('risk')
    l_0_waves = resolve('waves')
    l_0_restated = resolve('restated')
    l_0_counts = resolve('counts')
    l_0_summary = resolve('summary')
    l_0_comments = resolve('comments')
    l_0_overview_headers = resolve('overview_headers')
    l_0_overview = resolve('overview')
    l_0_footnotes = resolve('footnotes')
    l_0_gantt = resolve('gantt')
    l_0_assignments = resolve('assignments')
    l_0_key_milestones = resolve('key_milestones')
    l_0_risk_note = resolve('risk_note')
    l_0_risks = resolve('risks')
    l_0_waves_note = resolve('waves_note')
    l_0_mta = resolve('mta')
    l_0_mta_table = resolve('mta_table')
    l_0_restated_note = resolve('restated_note')
    l_0_path_title = resolve('path_title')
    l_0_path = resolve('path')
    l_0_path_table = resolve('path_table')
    l_0_availability = resolve('availability')
    l_0_movers = resolve('movers')
    l_0_thresholds = resolve('thresholds')
    try:
        t_1 = environment.tests['defined']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No test named 'defined' found.")
    try:
        t_2 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    yield '<!DOCTYPE html>\n<html lang="'
    yield escape((undefined(name='lang') if l_0_lang is missing else l_0_lang))
    yield '">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="generator" content="'
    yield escape((undefined(name='generated') if l_0_generated is missing else l_0_generated))
    yield '">\n<title>'
    yield escape((undefined(name='title') if l_0_title is missing else l_0_title))
    yield ' — '
    yield escape((undefined(name='month') if l_0_month is missing else l_0_month))
    yield '</title>\n<style>\n:root { --ink: #1d2733; --muted: #5b6775; --line: #d8dee6; --band: #f4f6f9; --accent: #1f3864;\n        --green: #2e9e5b; --amber: #f0a020; --red: #d0393b; --grey: #9aa0a6; }\n* { box-sizing: border-box; }\nbody { margin: 0; font: 14px/1.45 "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }\nmain { max-width: 1100px; margin: 0 auto; padding: 0 28px 40px; }\nheader.top { background: var(--accent); color: #fff; padding: 22px 28px 18px; }\nheader.top .inner { max-width: 1100px; margin: 0 auto; padding: 0 28px; }\nheader.top h1 { margin: 0 0 4px; font-size: 24px; font-weight: 600; }\nheader.top .sub { font-size: 15px; opacity: .9; }\ndl.meta { display: flex; flex-wrap: wrap; gap: 4px 28px; margin: 12px 0 0; font-size: 13px; }\ndl.meta div { display: flex; gap: 6px; }\ndl.meta dt { opacity: .75; }\ndl.meta dd { margin: 0; font-weight: 600; }\nnav.toc { margin: 18px 0 0; font-size: 13px; color: var(--muted); }\nnav.toc a { color: var(--accent); margin-right: 14px; text-decoration: none; white-space: nowrap; }\nh2 { font-size: 19px; color: var(--accent); border-bottom: 2px solid var(--accent); padding-bottom: 4px; margin: 34px 0 12px; }\nh3 { font-size: 15px; margin: 0; }\n.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 8px 0 14px; }\n.card { flex: 1 1 120px; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; border-top: 5px solid var(--grey); }\n.card .n { font-size: 28px; font-weight: 700; line-height: 1.1; }\n.card .l { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }\n.card.green { border-top-color: var(--green); } .card.amber { border-top-color: var(--amber); }\n.card.red { border-top-color: var(--red); } .card.grey { border-top-color: var(--grey); }\nul.summary { margin: 6px 0; padding-left: 18px; }\nblockquote { margin: 10px 0; padding: 8px 14px; border-left: 4px solid var(--line); background: var(--band); color: var(--muted); }\ntable { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 12.5px; }\nth, td { border-bottom: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }\nth { background: var(--band); font-weight: 600; color: var(--muted); font-size: 12px; }\ntd:first-child { white-space: nowrap; }\ntd.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }\ntd.rag { text-align: center; font-weight: 600; color: #fff; white-space: nowrap; }\n.rag-green { background: var(--green); } .rag-amber { background: var(--amber); }\n.rag-red { background: var(--red); } .rag-grey { background: var(--grey); } .rag-none { background: #c9ced4; }\n.pill { display: inline-block; min-width: 64px; text-align: center; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12px; font-weight: 600; }\narticle.assignment { border: 1px solid var(--line); border-left: 6px solid var(--grey); border-radius: 6px; padding: 12px 16px; margin: 0 0 14px; page-break-inside: avoid; break-inside: avoid; }\narticle.assignment.green { border-left-color: var(--green); } article.assignment.amber { border-left-color: var(--amber); }\narticle.assignment.red { border-left-color: var(--red); }\narticle .head { display: flex; justify-content: space-between; align-items: baseline; gap: 12px; }\narticle .id { color: var(--muted); font-weight: 400; margin-right: 6px; }\ndl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 2px 18px; margin: 8px 0; font-size: 12.5px; }\ndl.facts dt { color: var(--muted); font-size: 11px; text-transform: uppercase; letter-spacing: .03em; }\ndl.facts dd { margin: 0 0 4px; }\n.rags { display: flex; gap: 8px; flex-wrap: wrap; margin: 6px 0; font-size: 12px; align-items: center; }\n.explanation { margin: 6px 0; }\n.missing { color: var(--red); font-weight: 700; }\n.decision { background: #fff4e0; border: 1px solid var(--amber); border-radius: 4px; padding: 4px 8px; margin: 4px 0; }\nul.plain { margin: 4px 0; padding-left: 18px; }\n.waived { color: var(--muted); }\n.label { font-weight: 600; font-size: 12.5px; margin-top: 8px; }\nfigure { margin: 8px 0 16px; }\nfigcaption { color: var(--muted); font-size: 12px; margin-top: 4px; }\nsvg { max-width: 100%; height: auto; font-family: inherit; }\nsvg text { font-size: 11px; fill: var(--ink); }\nsvg .axis text { fill: var(--muted); font-size: 10px; }\nsvg .grid { stroke: #e6eaef; }\nsvg .today { stroke: var(--red); stroke-dasharray: 4 3; }\nfooter { margin-top: 30px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }\n@media print {\n  @page { size: A4 landscape; margin: 12mm; }\n  body { font-size: 11px; }\n  header.top { background: none; color: var(--ink); border-bottom: 3px solid var(--accent); padding: 0 0 8px; }\n  header.top .inner, main { padding: 0; max-width: none; }\n  nav.toc { display: none; }\n  h2 { break-after: avoid; page-break-after: avoid; }\n  section { break-inside: auto; }\n  figure, tr { break-inside: avoid; page-break-inside: avoid; }\n  td.rag, .pill, .rag-green, .rag-amber, .rag-red, .rag-grey, .card, article.assignment { -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n}\n</style>\n</head>\n<body>\n<header class="top"><div class="inner">\n  <h1>'
    yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'title'))
    yield '</h1>\n  <div class="sub">'
    yield escape((undefined(name='portfolio') if l_0_portfolio is missing else l_0_portfolio))
    yield ' · '
    yield escape((undefined(name='month') if l_0_month is missing else l_0_month))
    yield '</div>\n  <dl class="meta">\n'
    for (l_1_label, l_1_value) in (undefined(name='header') if l_0_header is missing else l_0_header):
        _loop_vars = {}
        pass
        yield '    <div><dt>'
        yield escape(l_1_label)
        yield '</dt><dd>'
        yield escape(l_1_value)
        yield '</dd></div>\n'
    l_1_label = l_1_value = missing
    yield '  </dl>\n</div></header>\n<main>\n<nav class="toc">'
    yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'contents'))
    yield ':\n  <a href="#summary">'
    yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'summary'))
    yield '</a><a href="#overview">'
    yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'overview'))
    yield '</a><a href="#gantt">'
    yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'gantt'))
    yield '</a><a href="#details">'
    yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'details'))
    yield '</a><a href="#key-milestones">'
    yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'key_milestones'))
    yield '</a>'
    if (undefined(name='risk') if l_0_risk is missing else l_0_risk):
        pass
        yield '<a href="#risk">'
        yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'sheet_risk'))
        yield '</a>'
    if (undefined(name='waves') if l_0_waves is missing else l_0_waves):
        pass
        yield '<a href="#waves">'
        yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'sheet_waves'))
        yield '</a>'
    yield '<a href="#mta">MTA</a>'
    if environment.getattr((undefined(name='restated') if l_0_restated is missing else l_0_restated), 'rows'):
        pass
        yield '<a href="#restated">'
        yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'sheet_restated'))
        yield '</a>'
    yield '<a href="#driving-path">'
    yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'sheet_driving-path'))
    yield '</a><a href="#availability">'
    yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'sheet_availability'))
    yield '</a><a href="#movers">'
    yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'sheet_movers'))
    yield '</a>\n</nav>\n\n<section id="summary">\n<h2>'
    yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'summary'))
    yield '</h2>\n<div class="cards">\n'
    for (l_1_css, l_1_label, l_1_n) in (undefined(name='counts') if l_0_counts is missing else l_0_counts):
        _loop_vars = {}
        pass
        yield '  <div class="card '
        yield escape(l_1_css)
        yield '"><div class="n">'
        yield escape(l_1_n)
        yield '</div><div class="l">'
        yield escape(l_1_label)
        yield '</div></div>\n'
    l_1_css = l_1_label = l_1_n = missing
    yield '</div>\n<ul class="summary">\n'
    for l_1_line in (undefined(name='summary') if l_0_summary is missing else l_0_summary):
        _loop_vars = {}
        pass
        yield '  <li>'
        yield escape(l_1_line)
        yield '</li>\n'
    l_1_line = missing
    yield '</ul>\n'
    if (undefined(name='comments') if l_0_comments is missing else l_0_comments):
        pass
        yield '<blockquote><strong>'
        yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'comments'))
        yield ':</strong> '
        yield escape((undefined(name='comments') if l_0_comments is missing else l_0_comments))
        yield '</blockquote>'
    yield '</section>\n\n<section id="overview">\n<h2>'
    yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'overview'))
    yield '</h2>\n<table>\n<thead><tr>'
    for l_1_h in (undefined(name='overview_headers') if l_0_overview_headers is missing else l_0_overview_headers):
        _loop_vars = {}
        pass
        yield '<th>'
        yield escape(l_1_h)
        yield '</th>'
    l_1_h = missing
    yield '</tr></thead>\n<tbody>\n'
    for l_1_row in (undefined(name='overview') if l_0_overview is missing else l_0_overview):
        _loop_vars = {}
        pass
        yield '<tr>'
        for l_2_c in l_1_row:
            _loop_vars = {}
            pass
            yield '<td class="'
            yield escape(environment.getattr(l_2_c, 'css'))
            yield '">'
            yield escape(environment.getattr(l_2_c, 'text'))
            yield '</td>'
        l_2_c = missing
        yield '</tr>\n'
    l_1_row = missing
    yield '</tbody>\n</table>\n'
    for l_1_note in (undefined(name='footnotes') if l_0_footnotes is missing else l_0_footnotes):
        _loop_vars = {}
        pass
        yield '<p class="note">'
        yield escape(l_1_note)
        yield '</p>'
    l_1_note = missing
    yield '</section>\n\n<section id="gantt">\n<h2>'
    yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'gantt'))
    yield '</h2>\n<figure>\n<svg class="chart gantt" role="img" aria-label="'
    yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'gantt'))
    yield '" viewBox="0 0 '
    yield escape(environment.getattr((undefined(name='gantt') if l_0_gantt is missing else l_0_gantt), 'width'))
    yield ' '
    yield escape(environment.getattr((undefined(name='gantt') if l_0_gantt is missing else l_0_gantt), 'height'))
    yield '" width="'
    yield escape(environment.getattr((undefined(name='gantt') if l_0_gantt is missing else l_0_gantt), 'width'))
    yield '" height="'
    yield escape(environment.getattr((undefined(name='gantt') if l_0_gantt is missing else l_0_gantt), 'height'))
    yield '" xmlns="http://www.w3.org/2000/svg">\n  <g class="axis">\n'
    for l_1_t in environment.getattr((undefined(name='gantt') if l_0_gantt is missing else l_0_gantt), 'ticks'):
        _loop_vars = {}
        pass
        yield '    <line class="grid" x1="'
        yield escape(environment.getattr(l_1_t, 'x'))
        yield '" y1="18" x2="'
        yield escape(environment.getattr(l_1_t, 'x'))
        yield '" y2="'
        yield escape((environment.getattr((undefined(name='gantt') if l_0_gantt is missing else l_0_gantt), 'height') - 6))
        yield '"/>\n    <text x="'
        yield escape(environment.getattr(l_1_t, 'tx'))
        yield '" y="12" text-anchor="'
        yield escape(environment.getattr(l_1_t, 'anchor'))
        yield '">'
        yield escape(environment.getattr(l_1_t, 'label'))
        yield '</text>\n'
    l_1_t = missing
    yield '  </g>\n'
    for l_1_r in environment.getattr((undefined(name='gantt') if l_0_gantt is missing else l_0_gantt), 'rows'):
        _loop_vars = {}
        pass
        yield '  <g class="row">\n    <title>'
        yield escape(environment.getattr(l_1_r, 'tip'))
        yield '</title>\n    <text x="4" y="'
        yield escape((environment.getattr(l_1_r, 'y') + 13))
        yield '">'
        yield escape(environment.getattr(l_1_r, 'short'))
        yield '</text>\n    <rect x="'
        yield escape(environment.getattr(l_1_r, 'x'))
        yield '" y="'
        yield escape((environment.getattr(l_1_r, 'y') + 2))
        yield '" width="'
        yield escape(environment.getattr(l_1_r, 'w'))
        yield '" height="14" rx="2" fill="'
        yield escape(environment.getattr(l_1_r, 'colour'))
        yield '"/>\n'
        if t_1(environment.getattr(l_1_r, 'bx')):
            pass
            yield '<rect x="'
            yield escape(environment.getattr(l_1_r, 'bx'))
            yield '" y="'
            yield escape((environment.getattr(l_1_r, 'y') + 19))
            yield '" width="'
            yield escape(environment.getattr(l_1_r, 'bw'))
            yield '" height="5" fill="#8f99a6"/>'
        yield '  </g>\n'
    l_1_r = missing
    yield '  <line class="today" x1="'
    yield escape(environment.getattr((undefined(name='gantt') if l_0_gantt is missing else l_0_gantt), 'today'))
    yield '" y1="18" x2="'
    yield escape(environment.getattr((undefined(name='gantt') if l_0_gantt is missing else l_0_gantt), 'today'))
    yield '" y2="'
    yield escape((environment.getattr((undefined(name='gantt') if l_0_gantt is missing else l_0_gantt), 'height') - 6))
    yield '"/>\n</svg>\n<figcaption>'
    yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'gantt_note'))
    yield ' ('
    yield escape(environment.getattr((undefined(name='gantt') if l_0_gantt is missing else l_0_gantt), 'today_label'))
    yield ')</figcaption>\n</figure>\n</section>\n\n<section id="details">\n<h2>'
    yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'details'))
    yield '</h2>\n'
    for l_1_a in (undefined(name='assignments') if l_0_assignments is missing else l_0_assignments):
        l_1_milestone_headers = resolve('milestone_headers')
        l_1_next_title = resolve('next_title')
        _loop_vars = {}
        pass
        yield '<article class="assignment '
        yield escape(environment.getattr(l_1_a, 'rag'))
        yield '" id="'
        yield escape(environment.getattr(l_1_a, 'id'))
        yield '">\n  <div class="head"><h3><span class="id">'
        yield escape(environment.getattr(l_1_a, 'id'))
        yield '</span>'
        yield escape(environment.getattr(l_1_a, 'title'))
        yield '</h3><span class="pill rag-'
        yield escape(environment.getattr(l_1_a, 'rag'))
        yield '">'
        yield escape(environment.getattr(l_1_a, 'rag_text'))
        yield '</span></div>\n  <div class="rags">\n'
        for (l_2_label, l_2_css, l_2_text) in environment.getattr(l_1_a, 'rags'):
            _loop_vars = {}
            pass
            yield '<span>'
            yield escape(l_2_label)
            yield ' <span class="pill rag-'
            yield escape(l_2_css)
            yield '">'
            yield escape(l_2_text)
            yield '</span></span>'
        l_2_label = l_2_css = l_2_text = missing
        yield '  </div>\n  <dl class="facts">\n'
        for (l_2_label, l_2_value) in environment.getattr(l_1_a, 'facts'):
            _loop_vars = {}
            pass
            yield '<div><dt>'
            yield escape(l_2_label)
            yield '</dt><dd>'
            yield escape(l_2_value)
            yield '</dd></div>'
        l_2_label = l_2_value = missing
        yield '  </dl>\n'
        if environment.getattr(l_1_a, 'notes'):
            pass
            yield '<ul class="plain notes">'
            for l_2_note in environment.getattr(l_1_a, 'notes'):
                _loop_vars = {}
                pass
                yield '<li><strong>'
                yield escape(l_2_note)
                yield '</strong></li>'
            l_2_note = missing
            yield '</ul>'
        if environment.getattr(l_1_a, 'migrations'):
            pass
            yield '  <div class="label">'
            yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'migrations'))
            yield '</div>\n  <ul class="plain">'
            for l_2_m in environment.getattr(l_1_a, 'migrations'):
                _loop_vars = {}
                pass
                yield '<li>'
                yield escape(l_2_m)
                yield '</li>'
            l_2_m = missing
            yield '</ul>\n'
        yield '  <div class="explanation"><span class="label">'
        yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'explanation'))
        yield ':</span>\n'
        if environment.getattr(l_1_a, 'explanation_missing'):
            pass
            yield '<span class="missing">'
            yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'explanation_missing'))
            yield '</span>'
        else:
            pass
            yield escape(environment.getattr(l_1_a, 'explanation'))
        yield '</div>\n'
        if environment.getattr(l_1_a, 'milestones'):
            pass
            yield '  <table>\n  <thead><tr>'
            for l_2_h in (undefined(name='milestone_headers') if l_1_milestone_headers is missing else l_1_milestone_headers):
                _loop_vars = {}
                pass
                yield '<th>'
                yield escape(l_2_h)
                yield '</th>'
            l_2_h = missing
            yield '</tr></thead>\n  <tbody>'
            for l_2_row in environment.getattr(l_1_a, 'milestones'):
                _loop_vars = {}
                pass
                yield '<tr>'
                for l_3_c in l_2_row:
                    _loop_vars = {}
                    pass
                    yield '<td class="'
                    yield escape(environment.getattr(l_3_c, 'css'))
                    yield '">'
                    yield escape(environment.getattr(l_3_c, 'text'))
                    yield '</td>'
                l_3_c = missing
                yield '</tr>'
            l_2_row = missing
            yield '</tbody>\n  </table>\n'
        yield '  <div class="label">'
        yield escape((undefined(name='next_title') if l_1_next_title is missing else l_1_next_title))
        yield '</div>\n'
        if environment.getattr(l_1_a, 'next'):
            pass
            yield '<ul class="plain">'
            for (l_2_day, l_2_ident, l_2_name) in environment.getattr(l_1_a, 'next'):
                _loop_vars = {}
                pass
                yield '<li><strong>'
                yield escape(l_2_day)
                yield '</strong> — '
                yield escape(l_2_name)
                yield ' <span class="waived">('
                yield escape(l_2_ident)
                yield ')</span></li>'
            l_2_day = l_2_ident = l_2_name = missing
            yield '</ul>\n'
        else:
            pass
            yield '<div class="waived">'
            yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'none'))
            yield '</div>'
        if environment.getattr(l_1_a, 'findings'):
            pass
            yield '  <div class="label">'
            yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'findings'))
            yield '</div>\n  <ul class="plain">'
            for l_2_f in environment.getattr(l_1_a, 'findings'):
                _loop_vars = {}
                pass
                yield '<li'
                if environment.getattr(l_2_f, 'waived'):
                    pass
                    yield ' class="waived"'
                yield '>'
                yield escape(environment.getattr(l_2_f, 'text'))
                if environment.getattr(l_2_f, 'waived'):
                    pass
                    yield ' ('
                    yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'waived'))
                    yield ': '
                    yield escape(environment.getattr(l_2_f, 'reason'))
                    yield ')'
                yield '</li>'
            l_2_f = missing
            yield '</ul>\n'
        yield '</article>\n'
    l_1_a = l_1_milestone_headers = l_1_next_title = missing
    yield '</section>\n\n<section id="key-milestones">\n<h2>'
    yield escape(environment.getattr((undefined(name='key_milestones') if l_0_key_milestones is missing else l_0_key_milestones), 'title'))
    yield '</h2>\n<table>\n<thead><tr>'
    for l_1_h in environment.getattr((undefined(name='key_milestones') if l_0_key_milestones is missing else l_0_key_milestones), 'headers'):
        _loop_vars = {}
        pass
        yield '<th>'
        yield escape(l_1_h)
        yield '</th>'
    l_1_h = missing
    yield '</tr></thead>\n<tbody>'
    for l_1_row in environment.getattr((undefined(name='key_milestones') if l_0_key_milestones is missing else l_0_key_milestones), 'rows'):
        _loop_vars = {}
        pass
        yield '<tr>'
        for l_2_c in l_1_row:
            _loop_vars = {}
            pass
            yield '<td class="'
            yield escape(environment.getattr(l_2_c, 'css'))
            yield '">'
            yield escape(environment.getattr(l_2_c, 'text'))
            yield '</td>'
        l_2_c = missing
        yield '</tr>'
    l_1_row = missing
    yield '</tbody>\n</table>\n</section>\n\n'
    if (undefined(name='risk') if l_0_risk is missing else l_0_risk):
        pass
        yield '<section id="risk">\n<h2>'
        yield escape(environment.getattr((undefined(name='risk') if l_0_risk is missing else l_0_risk), 'title'))
        yield '</h2>\n<p>'
        yield escape((undefined(name='risk_note') if l_0_risk_note is missing else l_0_risk_note))
        yield '</p>\n<table>\n<thead><tr>'
        for l_1_h in environment.getattr((undefined(name='risk') if l_0_risk is missing else l_0_risk), 'headers'):
            _loop_vars = {}
            pass
            yield '<th>'
            yield escape(l_1_h)
            yield '</th>'
        l_1_h = missing
        yield '</tr></thead>\n<tbody>'
        for l_1_row in environment.getattr((undefined(name='risk') if l_0_risk is missing else l_0_risk), 'rows'):
            _loop_vars = {}
            pass
            yield '<tr>'
            for l_2_c in l_1_row:
                _loop_vars = {}
                pass
                yield '<td class="'
                yield escape(environment.getattr(l_2_c, 'css'))
                yield '">'
                yield escape(environment.getattr(l_2_c, 'text'))
                yield '</td>'
            l_2_c = missing
            yield '</tr>'
        l_1_row = missing
        yield '</tbody>\n</table>\n<h3>'
        yield escape(environment.getattr((undefined(name='risks') if l_0_risks is missing else l_0_risks), 'title'))
        yield '</h3>\n'
        if environment.getattr((undefined(name='risks') if l_0_risks is missing else l_0_risks), 'rows'):
            pass
            yield '<table>\n<thead><tr>'
            for l_1_h in environment.getattr((undefined(name='risks') if l_0_risks is missing else l_0_risks), 'headers'):
                _loop_vars = {}
                pass
                yield '<th>'
                yield escape(l_1_h)
                yield '</th>'
            l_1_h = missing
            yield '</tr></thead>\n<tbody>'
            for l_1_row in environment.getattr((undefined(name='risks') if l_0_risks is missing else l_0_risks), 'rows'):
                _loop_vars = {}
                pass
                yield '<tr>'
                for l_2_c in l_1_row:
                    _loop_vars = {}
                    pass
                    yield '<td class="'
                    yield escape(environment.getattr(l_2_c, 'css'))
                    yield '">'
                    yield escape(environment.getattr(l_2_c, 'text'))
                    yield '</td>'
                l_2_c = missing
                yield '</tr>'
            l_1_row = missing
            yield '</tbody>\n</table>\n'
        else:
            pass
            yield '<p>'
            yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'none'))
            yield '</p>'
        yield '</section>\n'
    yield '\n'
    if (undefined(name='waves') if l_0_waves is missing else l_0_waves):
        pass
        yield '<section id="waves">\n<h2>'
        yield escape(environment.getattr((undefined(name='waves') if l_0_waves is missing else l_0_waves), 'title'))
        yield '</h2>\n'
        for l_1_note in (undefined(name='waves_note') if l_0_waves_note is missing else l_0_waves_note):
            _loop_vars = {}
            pass
            yield '<p>'
            yield escape(l_1_note)
            yield '</p>'
        l_1_note = missing
        if environment.getattr((undefined(name='waves') if l_0_waves is missing else l_0_waves), 'rows'):
            pass
            yield '<table>\n<thead><tr>'
            for l_1_h in environment.getattr((undefined(name='waves') if l_0_waves is missing else l_0_waves), 'headers'):
                _loop_vars = {}
                pass
                yield '<th>'
                yield escape(l_1_h)
                yield '</th>'
            l_1_h = missing
            yield '</tr></thead>\n<tbody>'
            for l_1_row in environment.getattr((undefined(name='waves') if l_0_waves is missing else l_0_waves), 'rows'):
                _loop_vars = {}
                pass
                yield '<tr>'
                for l_2_c in l_1_row:
                    _loop_vars = {}
                    pass
                    yield '<td class="'
                    yield escape(environment.getattr(l_2_c, 'css'))
                    yield '">'
                    yield escape(environment.getattr(l_2_c, 'text'))
                    yield '</td>'
                l_2_c = missing
                yield '</tr>'
            l_1_row = missing
            yield '</tbody>\n</table>\n'
        else:
            pass
            yield '<p>'
            yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'none'))
            yield '</p>'
        yield '</section>\n'
    yield '\n<section id="mta">\n<h2>'
    yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'mta'))
    yield '</h2>\n'
    if (undefined(name='mta') if l_0_mta is missing else l_0_mta):
        pass
        yield '<figure>\n<svg class="chart mta" role="img" aria-label="'
        yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'mta'))
        yield '" viewBox="0 0 '
        yield escape(environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'width'))
        yield ' '
        yield escape(environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'height'))
        yield '" width="'
        yield escape(environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'width'))
        yield '" height="'
        yield escape(environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'height'))
        yield '" xmlns="http://www.w3.org/2000/svg">\n  <g class="axis">\n'
        for l_1_t in environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'y_ticks'):
            _loop_vars = {}
            pass
            yield '    <line class="grid" x1="'
            yield escape(environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'left'))
            yield '" y1="'
            yield escape(environment.getattr(l_1_t, 'y'))
            yield '" x2="'
            yield escape(environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'plot_right'))
            yield '" y2="'
            yield escape(environment.getattr(l_1_t, 'y'))
            yield '"/>\n    <text x="'
            yield escape((environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'left') - 6))
            yield '" y="'
            yield escape((environment.getattr(l_1_t, 'y') + 3))
            yield '" text-anchor="end">'
            yield escape(environment.getattr(l_1_t, 'label'))
            yield '</text>\n'
        l_1_t = missing
        for l_1_t in environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'x_ticks'):
            _loop_vars = {}
            pass
            yield '    <line class="grid" x1="'
            yield escape(environment.getattr(l_1_t, 'x'))
            yield '" y1="'
            yield escape(environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'top'))
            yield '" x2="'
            yield escape(environment.getattr(l_1_t, 'x'))
            yield '" y2="'
            yield escape(environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'bottom'))
            yield '"/>\n    <text x="'
            yield escape(environment.getattr(l_1_t, 'x'))
            yield '" y="'
            yield escape((environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'bottom') + 16))
            yield '" text-anchor="middle">'
            yield escape(environment.getattr(l_1_t, 'label'))
            yield '</text>\n'
        l_1_t = missing
        yield '    <line x1="'
        yield escape(environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'left'))
        yield '" y1="'
        yield escape(environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'bottom'))
        yield '" x2="'
        yield escape(environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'plot_right'))
        yield '" y2="'
        yield escape(environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'bottom'))
        yield '" stroke="#5b6775"/>\n    <line x1="'
        yield escape(environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'left'))
        yield '" y1="'
        yield escape(environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'top'))
        yield '" x2="'
        yield escape(environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'left'))
        yield '" y2="'
        yield escape(environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'bottom'))
        yield '" stroke="#5b6775"/>\n  </g>\n  <line x1="'
        yield escape(environment.getattr(environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'diagonal'), 'x1'))
        yield '" y1="'
        yield escape(environment.getattr(environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'diagonal'), 'y1'))
        yield '" x2="'
        yield escape(environment.getattr(environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'diagonal'), 'x2'))
        yield '" y2="'
        yield escape(environment.getattr(environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'diagonal'), 'y2'))
        yield '" stroke="#9aa0a6" stroke-dasharray="2 3"/>\n'
        for l_1_l in environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'lines'):
            _loop_vars = {}
            pass
            yield '  <g class="series">\n    <title>'
            yield escape(environment.getattr(l_1_l, 'label'))
            yield '</title>\n'
            if (not t_2(environment.getattr(l_1_l, 'baseline_y'))):
                pass
                yield '<line x1="'
                yield escape(environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'left'))
                yield '" y1="'
                yield escape(environment.getattr(l_1_l, 'baseline_y'))
                yield '" x2="'
                yield escape(environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'plot_right'))
                yield '" y2="'
                yield escape(environment.getattr(l_1_l, 'baseline_y'))
                yield '" stroke="'
                yield escape(environment.getattr(l_1_l, 'colour'))
                yield '" stroke-opacity=".35" stroke-dasharray="6 4"/>'
            yield '    <polyline points="'
            yield escape(environment.getattr(l_1_l, 'path'))
            yield '" fill="none" stroke="'
            yield escape(environment.getattr(l_1_l, 'colour'))
            yield '" stroke-width="2.5"/>\n'
            for l_2_p in environment.getattr(l_1_l, 'points'):
                _loop_vars = {}
                pass
                yield '<circle cx="'
                yield escape(environment.getattr(l_2_p, 'x'))
                yield '" cy="'
                yield escape(environment.getattr(l_2_p, 'y'))
                yield '" r="4" fill="'
                yield escape(environment.getattr(l_1_l, 'colour'))
                yield '"><title>'
                yield escape(environment.getattr(l_2_p, 'tip'))
                yield '</title></circle>'
            l_2_p = missing
            yield '    <rect x="'
            yield escape(environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'legend_x'))
            yield '" y="'
            yield escape((environment.getattr(l_1_l, 'legend_y') - 9))
            yield '" width="14" height="10" fill="'
            yield escape(environment.getattr(l_1_l, 'colour'))
            yield '"/>\n    <text x="'
            yield escape((environment.getattr((undefined(name='mta') if l_0_mta is missing else l_0_mta), 'legend_x') + 20))
            yield '" y="'
            yield escape(environment.getattr(l_1_l, 'legend_y'))
            yield '">'
            yield escape(environment.getattr(l_1_l, 'label'))
            yield '</text>\n  </g>\n'
        l_1_l = missing
        yield '</svg>\n<figcaption>'
        yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'mta_note'))
        yield '</figcaption>\n</figure>\n'
    yield '<table>\n<thead><tr>'
    for l_1_h in environment.getattr((undefined(name='mta_table') if l_0_mta_table is missing else l_0_mta_table), 'headers'):
        _loop_vars = {}
        pass
        yield '<th>'
        yield escape(l_1_h)
        yield '</th>'
    l_1_h = missing
    yield '</tr></thead>\n<tbody>'
    for l_1_row in environment.getattr((undefined(name='mta_table') if l_0_mta_table is missing else l_0_mta_table), 'rows'):
        _loop_vars = {}
        pass
        yield '<tr>'
        for l_2_c in l_1_row:
            _loop_vars = {}
            pass
            yield '<td class="'
            yield escape(environment.getattr(l_2_c, 'css'))
            yield '">'
            yield escape(environment.getattr(l_2_c, 'text'))
            yield '</td>'
        l_2_c = missing
        yield '</tr>'
    l_1_row = missing
    yield '</tbody>\n</table>\n'
    if environment.getattr((undefined(name='restated') if l_0_restated is missing else l_0_restated), 'rows'):
        pass
        yield '<h3 id="restated">'
        yield escape(environment.getattr((undefined(name='restated') if l_0_restated is missing else l_0_restated), 'title'))
        yield '</h3>\n<p class="note">'
        yield escape((undefined(name='restated_note') if l_0_restated_note is missing else l_0_restated_note))
        yield '</p>\n<table>\n<thead><tr>'
        for l_1_h in environment.getattr((undefined(name='restated') if l_0_restated is missing else l_0_restated), 'headers'):
            _loop_vars = {}
            pass
            yield '<th>'
            yield escape(l_1_h)
            yield '</th>'
        l_1_h = missing
        yield '</tr></thead>\n<tbody>'
        for l_1_row in environment.getattr((undefined(name='restated') if l_0_restated is missing else l_0_restated), 'rows'):
            _loop_vars = {}
            pass
            yield '<tr>'
            for l_2_c in l_1_row:
                _loop_vars = {}
                pass
                yield '<td class="'
                yield escape(environment.getattr(l_2_c, 'css'))
                yield '">'
                yield escape(environment.getattr(l_2_c, 'text'))
                yield '</td>'
            l_2_c = missing
            yield '</tr>'
        l_1_row = missing
        yield '</tbody>\n</table>\n'
    yield '</section>\n\n<section id="driving-path">\n<h2>'
    yield escape((undefined(name='path_title') if l_0_path_title is missing else l_0_path_title))
    yield '</h2>\n'
    if (undefined(name='path') if l_0_path is missing else l_0_path):
        pass
        yield '<figure>\n<svg class="chart path" role="img" aria-label="'
        yield escape((undefined(name='path_title') if l_0_path_title is missing else l_0_path_title))
        yield '" viewBox="0 0 '
        yield escape(environment.getattr((undefined(name='path') if l_0_path is missing else l_0_path), 'width'))
        yield ' '
        yield escape(environment.getattr((undefined(name='path') if l_0_path is missing else l_0_path), 'height'))
        yield '" width="'
        yield escape(environment.getattr((undefined(name='path') if l_0_path is missing else l_0_path), 'width'))
        yield '" height="'
        yield escape(environment.getattr((undefined(name='path') if l_0_path is missing else l_0_path), 'height'))
        yield '" xmlns="http://www.w3.org/2000/svg">\n  <g class="axis">\n'
        for l_1_t in environment.getattr((undefined(name='path') if l_0_path is missing else l_0_path), 'ticks'):
            _loop_vars = {}
            pass
            yield '    <line class="grid" x1="'
            yield escape(environment.getattr(l_1_t, 'x'))
            yield '" y1="16" x2="'
            yield escape(environment.getattr(l_1_t, 'x'))
            yield '" y2="'
            yield escape((environment.getattr((undefined(name='path') if l_0_path is missing else l_0_path), 'height') - 6))
            yield '"/>\n    <text x="'
            yield escape(environment.getattr(l_1_t, 'tx'))
            yield '" y="11" text-anchor="'
            yield escape(environment.getattr(l_1_t, 'anchor'))
            yield '">'
            yield escape(environment.getattr(l_1_t, 'label'))
            yield '</text>\n'
        l_1_t = missing
        yield '  </g>\n'
        for l_1_r in environment.getattr((undefined(name='path') if l_0_path is missing else l_0_path), 'rows'):
            _loop_vars = {}
            pass
            yield '  <g class="step">\n    <title>'
            yield escape(environment.getattr(l_1_r, 'tip'))
            yield '</title>\n    <text x="4" y="'
            yield escape((environment.getattr(l_1_r, 'y') + 11))
            yield '">'
            yield escape(environment.getattr(l_1_r, 'label'))
            yield '</text>\n'
            if environment.getattr(l_1_r, 'milestone'):
                pass
                yield '<path d="M '
                yield escape(environment.getattr(l_1_r, 'mx'))
                yield ' '
                yield escape((environment.getattr(l_1_r, 'y') + 1))
                yield ' l 6 6 l -6 6 l -6 -6 z" fill="'
                yield escape(environment.getattr(l_1_r, 'colour'))
                yield '"/>\n'
            else:
                pass
                yield '<rect x="'
                yield escape(environment.getattr(l_1_r, 'x'))
                yield '" y="'
                yield escape((environment.getattr(l_1_r, 'y') + 2))
                yield '" width="'
                yield escape(environment.getattr(l_1_r, 'w'))
                yield '" height="10" rx="2" fill="'
                yield escape(environment.getattr(l_1_r, 'colour'))
                yield '"/>'
            yield '  </g>\n'
        l_1_r = missing
        yield '  <line class="today" x1="'
        yield escape(environment.getattr((undefined(name='path') if l_0_path is missing else l_0_path), 'today'))
        yield '" y1="16" x2="'
        yield escape(environment.getattr((undefined(name='path') if l_0_path is missing else l_0_path), 'today'))
        yield '" y2="'
        yield escape((environment.getattr((undefined(name='path') if l_0_path is missing else l_0_path), 'height') - 6))
        yield '"/>\n</svg>\n</figure>\n'
    yield '<table>\n<thead><tr>'
    for l_1_h in environment.getattr((undefined(name='path_table') if l_0_path_table is missing else l_0_path_table), 'headers'):
        _loop_vars = {}
        pass
        yield '<th>'
        yield escape(l_1_h)
        yield '</th>'
    l_1_h = missing
    yield '</tr></thead>\n<tbody>'
    for l_1_row in environment.getattr((undefined(name='path_table') if l_0_path_table is missing else l_0_path_table), 'rows'):
        _loop_vars = {}
        pass
        yield '<tr>'
        for l_2_c in l_1_row:
            _loop_vars = {}
            pass
            yield '<td class="'
            yield escape(environment.getattr(l_2_c, 'css'))
            yield '">'
            yield escape(environment.getattr(l_2_c, 'text'))
            yield '</td>'
        l_2_c = missing
        yield '</tr>'
    l_1_row = missing
    yield '</tbody>\n</table>\n</section>\n\n<section id="availability">\n<h2>'
    yield escape(environment.getattr((undefined(name='availability') if l_0_availability is missing else l_0_availability), 'title'))
    yield '</h2>\n<table>\n<thead><tr>'
    for l_1_h in environment.getattr((undefined(name='availability') if l_0_availability is missing else l_0_availability), 'headers'):
        _loop_vars = {}
        pass
        yield '<th>'
        yield escape(l_1_h)
        yield '</th>'
    l_1_h = missing
    yield '</tr></thead>\n<tbody>'
    for l_1_row in environment.getattr((undefined(name='availability') if l_0_availability is missing else l_0_availability), 'rows'):
        _loop_vars = {}
        pass
        yield '<tr>'
        for l_2_c in l_1_row:
            _loop_vars = {}
            pass
            yield '<td class="'
            yield escape(environment.getattr(l_2_c, 'css'))
            yield '">'
            yield escape(environment.getattr(l_2_c, 'text'))
            yield '</td>'
        l_2_c = missing
        yield '</tr>'
    l_1_row = missing
    yield '</tbody>\n</table>\n</section>\n\n<section id="movers">\n<h2>'
    yield escape(environment.getattr((undefined(name='movers') if l_0_movers is missing else l_0_movers), 'title'))
    yield '</h2>\n'
    if environment.getattr((undefined(name='movers') if l_0_movers is missing else l_0_movers), 'rows'):
        pass
        yield '<table>\n<thead><tr>'
        for l_1_h in environment.getattr((undefined(name='movers') if l_0_movers is missing else l_0_movers), 'headers'):
            _loop_vars = {}
            pass
            yield '<th>'
            yield escape(l_1_h)
            yield '</th>'
        l_1_h = missing
        yield '</tr></thead>\n<tbody>'
        for l_1_row in environment.getattr((undefined(name='movers') if l_0_movers is missing else l_0_movers), 'rows'):
            _loop_vars = {}
            pass
            yield '<tr>'
            for l_2_c in l_1_row:
                _loop_vars = {}
                pass
                yield '<td class="'
                yield escape(environment.getattr(l_2_c, 'css'))
                yield '">'
                yield escape(environment.getattr(l_2_c, 'text'))
                yield '</td>'
            l_2_c = missing
            yield '</tr>'
        l_1_row = missing
        yield '</tbody>\n</table>\n'
    else:
        pass
        yield '<p>'
        yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'none'))
        yield '</p>'
    yield '</section>\n\n<footer>\n<p>'
    yield escape((undefined(name='thresholds') if l_0_thresholds is missing else l_0_thresholds))
    yield ' '
    yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'wd_note'))
    yield '</p>\n<p>'
    yield escape((undefined(name='generated') if l_0_generated is missing else l_0_generated))
    yield '</p>\n</footer>\n</main>\n</body>\n</html>'

blocks = {}
debug_info = '2=55&6=57&7=59&81=63&82=65&84=69&85=73&90=79&91=81&95=114&97=116&98=120&102=128&103=132&106=136&110=144&112=146&114=154&115=158&119=170&123=178&125=180&127=190&128=194&129=200&132=208&134=212&135=214&136=218&137=226&140=238&142=244&147=248&148=250&149=256&150=260&152=268&155=280&157=290&158=301&159=304&160=306&162=315&163=317&164=326&166=329&167=337&170=354&171=356&172=374&173=376&174=379&175=381&182=403&184=405&185=413&189=429&191=432&192=434&194=436&195=444&197=460&198=462&200=465&201=473&203=492&207=496&209=499&210=501&211=508&213=511&214=519&216=538&221=542&222=544&224=547&226=557&227=561&228=569&230=576&231=580&232=588&234=596&235=604&237=612&238=620&240=624&241=626&242=640&243=644&244=658&245=664&249=672&253=675&254=683&256=699&257=702&258=704&260=706&261=714&267=731&268=733&270=736&272=746&273=750&274=756&277=764&279=768&280=770&281=774&282=786&285=797&290=804&291=812&296=828&298=830&299=838&304=854&305=856&307=859&308=867&310=886&314=889&315=893'

# Jinja2's code for templates/monthly.html.j2, written by `python -m portfolio.report._compiled --write`: do not edit.
JINJA2_VERSION = '3.1.6'
TEMPLATE_SHA256 = '386b1c365436df54fd7e3c26961eef8308955ee22a1a506f377a8676e2a2c16e'
OPTIONS = {'class': 'jinja2.environment.Environment', 'autoescape': True, 'trim_blocks': True, 'lstrip_blocks': True, 'keep_trailing_newline': False, 'newline_sequence': '\n', 'delimiters': ('{%', '%}', '{{', '}}', '{#', '#}'), 'line_prefixes': (None, None), 'extensions': [], 'optimized': True, 'finalize': None, 'is_async': False, 'code_generator': 'jinja2.compiler.CodeGenerator', 'filters': ['abs', 'attr', 'batch', 'capitalize', 'center', 'count', 'd', 'default', 'dictsort', 'e', 'escape', 'filesizeformat', 'first', 'float', 'forceescape', 'format', 'groupby', 'indent', 'int', 'items', 'join', 'last', 'length', 'list', 'lower', 'map', 'max', 'min', 'pprint', 'random', 'reject', 'rejectattr', 'replace', 'reverse', 'round', 'safe', 'select', 'selectattr', 'slice', 'sort', 'string', 'striptags', 'sum', 'title', 'tojson', 'trim', 'truncate', 'unique', 'upper', 'urlencode', 'urlize', 'wordcount', 'wordwrap', 'xmlattr'], 'tests': ['!=', '<', '<=', '==', '>', '>=', 'boolean', 'callable', 'defined', 'divisibleby', 'eq', 'equalto', 'escaped', 'even', 'false', 'filter', 'float', 'ge', 'greaterthan', 'gt', 'in', 'integer', 'iterable', 'le', 'lessthan', 'lower', 'lt', 'mapping', 'ne', 'none', 'number', 'odd', 'sameas', 'sequence', 'string', 'test', 'true', 'undefined', 'upper']}
