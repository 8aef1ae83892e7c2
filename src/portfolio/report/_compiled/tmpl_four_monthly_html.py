from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'four_monthly.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_lang = resolve('lang')
    l_0_generated = resolve('generated')
    l_0_title = resolve('title')
    l_0_header = resolve('header')
    l_0_w = resolve('w')
    l_0_domains = resolve('domains')
    l_0_path = resolve('path')
    l_0_replans = resolve('replans')
    l_0_waivers = resolve('waivers')
    l_0_finance_rows = resolve('finance_rows')
    l_0_finance_note = resolve('finance_note')
    l_0_finance_sentences = resolve('finance_sentences')
    l_0_finance_headers = resolve('finance_headers')
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_2 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    yield '<!DOCTYPE html>\n<html lang="'
    yield escape((undefined(name='lang') if l_0_lang is missing else l_0_lang))
    yield '">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="generator" content="portfolio '
    yield escape((undefined(name='generated') if l_0_generated is missing else l_0_generated))
    yield '">\n<title>'
    yield escape((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '</title>\n<style>\n:root { --ink: #1d2733; --muted: #5b6775; --line: #d8dee6; --band: #f4f6f9; --accent: #1f3864;\n        --green: #2e9e5b; --amber: #f0a020; --red: #d0393b; --grey: #9aa0a6; }\n* { box-sizing: border-box; }\nbody { margin: 0; font: 14px/1.45 "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: var(--ink); background: #fff; }\nmain { max-width: 1000px; margin: 0 auto; padding: 0 28px 40px; }\nheader.top { background: var(--accent); color: #fff; padding: 22px 28px 18px; }\nheader.top h1 { margin: 0 0 6px; font-size: 24px; font-weight: 600; }\ndl.meta { display: flex; flex-wrap: wrap; gap: 4px 28px; margin: 8px 0 0; font-size: 13px; }\ndl.meta div { display: flex; gap: 6px; }\ndl.meta dt { opacity: .75; }\ndl.meta dd { margin: 0; font-weight: 600; }\nnav.toc { margin: 18px 0 0; font-size: 13px; }\nnav.toc a { color: var(--accent); margin-right: 14px; text-decoration: none; }\nh2 { font-size: 19px; color: var(--accent); border-bottom: 2px solid var(--accent); padding-bottom: 4px; margin: 30px 0 10px; }\nh3 { font-size: 16px; color: var(--accent); margin: 22px 0 6px; }\nh4 { font-size: 13px; margin: 12px 0 4px; }\ntable { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 12px; }\nth, td { border-bottom: 1px solid var(--line); padding: 3px 6px; text-align: left; vertical-align: top; }\nth { background: var(--band); font-weight: 600; color: var(--muted); font-size: 11.5px; }\ntd.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }\ntd.rag { text-align: center; font-weight: 600; color: #fff; white-space: nowrap; }\n.rag-green { background: var(--green); } .rag-amber { background: var(--amber); }\n.rag-red { background: var(--red); } .rag-grey { background: var(--grey); }\nul.plain { margin: 4px 0; padding-left: 18px; font-size: 13px; }\np.summary { margin: 4px 0; }\nsvg { max-width: 100%; height: auto; }\ntr.reason td { color: var(--muted); font-size: 11.5px; }\nsvg text { fill: var(--ink); font-family: "DejaVu Sans", Arial, sans-serif; }\nsvg .tick { fill: var(--muted); }\nsvg .grid { stroke: #e6eaef; }\nsvg .norm { stroke: var(--red); stroke-width: 1.5; stroke-dasharray: 4 2; }\nfooter { margin-top: 30px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }\n@media print {\n  @page { size: A4; }\n  body { font-size: 10.5px; }\n  header.top { background: none; color: var(--ink); border-bottom: 3px solid var(--accent); padding: 0 0 8px; }\n  main { padding: 0; max-width: none; }\n  section.domain { break-before: auto; }\n}\n</style>\n</head>\n<body>\n<header class="top">\n  <h1>'
    yield escape((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '</h1>\n  <dl class="meta">\n'
    for (l_1_label, l_1_value) in (undefined(name='header') if l_0_header is missing else l_0_header):
        _loop_vars = {}
        pass
        yield '    <div><dt>'
        yield escape(l_1_label)
        yield '</dt><dd>'
        yield escape(l_1_value)
        yield '</dd></div>\n'
    l_1_label = l_1_value = missing
    yield '  </dl>\n</header>\n<main>\n<nav class="toc">'
    yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'fm_contents'))
    yield ':\n'
    for l_1_d in (undefined(name='domains') if l_0_domains is missing else l_0_domains):
        _loop_vars = {}
        pass
        yield '<a href="#'
        yield escape(environment.getattr(l_1_d, 'id'))
        yield '">'
        yield escape(environment.getattr(l_1_d, 'title'))
        yield '</a>'
    l_1_d = missing
    yield '<a href="#driving-path">'
    yield escape(environment.getattr((undefined(name='path') if l_0_path is missing else l_0_path), 'title'))
    yield '</a><a href="#replans">'
    yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'fm_replans'))
    yield '</a><a href="#finance">'
    yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'fm_finance'))
    yield '</a>\n</nav>\n\n<h2 id="domains">'
    yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'fm_domains'))
    yield '</h2>\n'
    for l_1_d in (undefined(name='domains') if l_0_domains is missing else l_0_domains):
        l_1_availability_headers = resolve('availability_headers')
        l_1_milestone_headers = resolve('milestone_headers')
        _loop_vars = {}
        pass
        yield '<section class="domain" id="'
        yield escape(environment.getattr(l_1_d, 'id'))
        yield '">\n<h3>'
        yield escape(environment.getattr(l_1_d, 'title'))
        yield '</h3>\n'
        if environment.getattr(l_1_d, 'availability_summary'):
            pass
            yield '<p class="summary"><strong>'
            yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'fm_availability'))
            yield ':</strong> '
            yield escape(environment.getattr(l_1_d, 'availability_summary'))
            yield '</p>'
        if environment.getattr(l_1_d, 'chart'):
            pass
            yield '<figure>\n<svg role="img" aria-label="'
            yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'fm_availability'))
            yield ' '
            yield escape(environment.getattr(l_1_d, 'title'))
            yield '" viewBox="0 0 '
            yield escape(environment.getattr(environment.getattr(l_1_d, 'chart'), 'width'))
            yield ' '
            yield escape(environment.getattr(environment.getattr(l_1_d, 'chart'), 'height'))
            yield '" width="'
            yield escape(environment.getattr(environment.getattr(l_1_d, 'chart'), 'width'))
            yield '" height="'
            yield escape(environment.getattr(environment.getattr(l_1_d, 'chart'), 'height'))
            yield '" xmlns="http://www.w3.org/2000/svg" font-size="14">\n'
            for l_2_t in environment.getattr(environment.getattr(l_1_d, 'chart'), 'ticks'):
                _loop_vars = {}
                pass
                yield '  <line class="grid" x1="'
                yield escape(environment.getattr(l_2_t, 'x'))
                yield '" y1="16" x2="'
                yield escape(environment.getattr(l_2_t, 'x'))
                yield '" y2="'
                yield escape((environment.getattr(environment.getattr(l_1_d, 'chart'), 'height') - 4))
                yield '"/>\n  <text class="tick" x="'
                yield escape(environment.getattr(l_2_t, 'x'))
                yield '" y="11" text-anchor="middle">'
                yield escape(environment.getattr(l_2_t, 'label'))
                yield '</text>\n'
            l_2_t = missing
            for l_2_r in environment.getattr(environment.getattr(l_1_d, 'chart'), 'rows'):
                _loop_vars = {}
                pass
                yield '  <text x="4" y="'
                yield escape((environment.getattr(l_2_r, 'y') + 11))
                yield '">'
                yield escape(environment.getattr(l_2_r, 'name'))
                yield '</text>\n  <rect x="'
                yield escape(environment.getattr(environment.getattr(l_1_d, 'chart'), 'x0'))
                yield '" y="'
                yield escape(environment.getattr(l_2_r, 'y'))
                yield '" width="'
                yield escape(environment.getattr(l_2_r, 'w'))
                yield '" height="14" fill="'
                yield escape(('#d0393b' if environment.getattr(l_2_r, 'below') else '#2e9e5b'))
                yield '"/>\n  <text x="'
                yield escape(((environment.getattr(environment.getattr(l_1_d, 'chart'), 'x0') + environment.getattr(l_2_r, 'w')) + 4))
                yield '" y="'
                yield escape((environment.getattr(l_2_r, 'y') + 11))
                yield '">'
                yield escape(environment.getattr(l_2_r, 'label'))
                yield '</text>\n'
                if (not t_2(environment.getattr(l_2_r, 'norm_x'))):
                    pass
                    yield '<line class="norm" x1="'
                    yield escape(environment.getattr(l_2_r, 'norm_x'))
                    yield '" y1="'
                    yield escape((environment.getattr(l_2_r, 'y') - 2))
                    yield '" x2="'
                    yield escape(environment.getattr(l_2_r, 'norm_x'))
                    yield '" y2="'
                    yield escape((environment.getattr(l_2_r, 'y') + 16))
                    yield '"/>'
            l_2_r = missing
            yield '</svg>\n</figure>\n'
        if environment.getattr(l_1_d, 'availability'):
            pass
            yield '<table>\n<thead><tr>'
            for l_2_h in (undefined(name='availability_headers') if l_1_availability_headers is missing else l_1_availability_headers):
                _loop_vars = {}
                pass
                yield '<th>'
                yield escape(l_2_h)
                yield '</th>'
            l_2_h = missing
            yield '</tr></thead>\n<tbody>'
            for l_2_row in environment.getattr(l_1_d, 'availability'):
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
            yield '</tbody>\n</table>\n'
        if environment.getattr(l_1_d, 'milestones'):
            pass
            yield '<h4>'
            yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'fm_key_milestones'))
            yield '</h4>\n<table>\n<thead><tr>'
            for l_2_h in (undefined(name='milestone_headers') if l_1_milestone_headers is missing else l_1_milestone_headers):
                _loop_vars = {}
                pass
                yield '<th>'
                yield escape(l_2_h)
                yield '</th>'
            l_2_h = missing
            yield '</tr></thead>\n<tbody>'
            for l_2_m in environment.getattr(l_1_d, 'milestones'):
                _loop_vars = {}
                pass
                yield '<tr>'
                for l_3_c in environment.getattr(l_2_m, 'cells'):
                    _loop_vars = {}
                    pass
                    yield '<td class="'
                    yield escape(environment.getattr(l_3_c, 'css'))
                    yield '">'
                    yield escape(environment.getattr(l_3_c, 'text'))
                    yield '</td>'
                l_3_c = missing
                yield '</tr>\n'
                if environment.getattr(l_2_m, 'reason'):
                    pass
                    yield '<tr class="reason"><td colspan="'
                    yield escape(t_1(environment.getattr(l_2_m, 'cells')))
                    yield '"><em>'
                    yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'fm_reason'))
                    yield ':</em> '
                    yield escape(environment.getattr(l_2_m, 'reason'))
                    yield '</td></tr>'
            l_2_m = missing
            yield '</tbody>\n</table>\n'
        for (l_2_label, l_2_items) in environment.getattr(l_1_d, 'events'):
            _loop_vars = {}
            pass
            yield '<h4>'
            yield escape(l_2_label)
            yield '</h4>\n<ul class="plain">'
            for l_3_item in l_2_items:
                _loop_vars = {}
                pass
                yield '<li>'
                yield escape(l_3_item)
                yield '</li>'
            l_3_item = missing
            yield '</ul>\n'
        l_2_label = l_2_items = missing
        yield '</section>\n'
    l_1_d = l_1_availability_headers = l_1_milestone_headers = missing
    yield '\n<section id="driving-path">\n<h2>'
    yield escape(environment.getattr((undefined(name='path') if l_0_path is missing else l_0_path), 'title'))
    yield '</h2>\n<table>\n<thead><tr>'
    for l_1_h in environment.getattr((undefined(name='path') if l_0_path is missing else l_0_path), 'headers'):
        _loop_vars = {}
        pass
        yield '<th>'
        yield escape(l_1_h)
        yield '</th>'
    l_1_h = missing
    yield '</tr></thead>\n<tbody>'
    for l_1_row in environment.getattr((undefined(name='path') if l_0_path is missing else l_0_path), 'rows'):
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
    yield '</tbody>\n</table>\n</section>\n\n<section id="replans">\n<h2>'
    yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'fm_replans'))
    yield '</h2>\n'
    if (undefined(name='replans') if l_0_replans is missing else l_0_replans):
        pass
        yield '<ul class="plain">'
        for (l_1_name, l_1_reason) in (undefined(name='replans') if l_0_replans is missing else l_0_replans):
            _loop_vars = {}
            pass
            yield '<li><strong>'
            yield escape(l_1_name)
            yield '</strong>: '
            yield escape(l_1_reason)
            yield '</li>'
        l_1_name = l_1_reason = missing
        yield '</ul>'
    else:
        pass
        yield '<p>'
        yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'fm_no_replans'))
        yield '</p>'
    if (undefined(name='waivers') if l_0_waivers is missing else l_0_waivers):
        pass
        yield '<h4>'
        yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'fm_waivers'))
        yield '</h4>\n<ul class="plain">'
        for (l_1_rule, l_1_subject, l_1_kind, l_1_expires, l_1_reason) in (undefined(name='waivers') if l_0_waivers is missing else l_0_waivers):
            _loop_vars = {}
            pass
            yield '<li>'
            yield escape(l_1_rule)
            yield ' '
            yield escape(l_1_subject)
            yield ' ('
            yield escape(l_1_kind)
            yield ', '
            yield escape(l_1_expires)
            yield '): '
            yield escape(l_1_reason)
            yield '</li>'
        l_1_rule = l_1_subject = l_1_kind = l_1_expires = l_1_reason = missing
        yield '</ul>\n'
    yield '</section>\n\n<section id="finance">\n<h2>'
    yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'fm_finance'))
    yield '</h2>\n'
    if (undefined(name='finance_rows') if l_0_finance_rows is missing else l_0_finance_rows):
        pass
        yield '<p>'
        yield escape((undefined(name='finance_note') if l_0_finance_note is missing else l_0_finance_note))
        yield '</p>\n<ul class="plain">'
        for l_1_s in (undefined(name='finance_sentences') if l_0_finance_sentences is missing else l_0_finance_sentences):
            _loop_vars = {}
            pass
            yield '<li>'
            yield escape(l_1_s)
            yield '</li>'
        l_1_s = missing
        yield '</ul>\n<table>\n<thead><tr>'
        for l_1_h in (undefined(name='finance_headers') if l_0_finance_headers is missing else l_0_finance_headers):
            _loop_vars = {}
            pass
            yield '<th>'
            yield escape(l_1_h)
            yield '</th>'
        l_1_h = missing
        yield '</tr></thead>\n<tbody>'
        for l_1_row in (undefined(name='finance_rows') if l_0_finance_rows is missing else l_0_finance_rows):
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
        yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), 'fm_no_finance'))
        yield '</p>'
    yield '</section>\n<footer>portfolio '
    yield escape((undefined(name='generated') if l_0_generated is missing else l_0_generated))
    yield '</footer>\n</main>\n</body>\n</html>'

blocks = {}
debug_info = '2=37&6=39&7=41&52=43&54=45&55=49&60=55&61=57&64=73&65=75&66=81&67=83&68=85&69=92&71=95&72=107&73=111&74=117&76=122&77=126&78=130&79=138&80=144&85=157&87=160&88=168&91=184&92=187&94=189&95=197&96=211&100=222&101=226&102=228&108=240&110=242&111=250&116=266&117=268&118=286&119=289&120=291&125=308&126=310&127=313&128=315&130=323&131=331&133=350&135=353'

# Jinja2's code for templates/four_monthly.html.j2, written by `python -m portfolio.report._compiled --write`: do not edit.
JINJA2_VERSION = '3.1.6'
TEMPLATE_SHA256 = 'dfa2fdc14768b8408798b4e5a99b3634102418637ce41ca002e89c2b356c0d31'
OPTIONS = {'class': 'jinja2.environment.Environment', 'autoescape': True, 'trim_blocks': True, 'lstrip_blocks': True, 'keep_trailing_newline': False, 'newline_sequence': '\n', 'delimiters': ('{%', '%}', '{{', '}}', '{#', '#}'), 'line_prefixes': (None, None), 'extensions': [], 'optimized': True, 'finalize': None, 'is_async': False, 'code_generator': 'jinja2.compiler.CodeGenerator', 'filters': ['abs', 'attr', 'batch', 'capitalize', 'center', 'count', 'd', 'default', 'dictsort', 'e', 'escape', 'filesizeformat', 'first', 'float', 'forceescape', 'format', 'groupby', 'indent', 'int', 'items', 'join', 'last', 'length', 'list', 'lower', 'map', 'max', 'min', 'pprint', 'random', 'reject', 'rejectattr', 'replace', 'reverse', 'round', 'safe', 'select', 'selectattr', 'slice', 'sort', 'string', 'striptags', 'sum', 'title', 'tojson', 'trim', 'truncate', 'unique', 'upper', 'urlencode', 'urlize', 'wordcount', 'wordwrap', 'xmlattr'], 'tests': ['!=', '<', '<=', '==', '>', '>=', 'boolean', 'callable', 'defined', 'divisibleby', 'eq', 'equalto', 'escaped', 'even', 'false', 'filter', 'float', 'ge', 'greaterthan', 'gt', 'in', 'integer', 'iterable', 'le', 'lessthan', 'lower', 'lt', 'mapping', 'ne', 'none', 'number', 'odd', 'sameas', 'sequence', 'string', 'test', 'true', 'undefined', 'upper']}
