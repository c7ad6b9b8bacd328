"""Names bound twice at module level or methods defined twice in a class (after merges)."""
import ast, sys, pathlib
bad = 0
for p in sys.argv[1:] or [str(x) for x in pathlib.Path('.').glob('**/*.py') if '.venv' not in str(x)]:
    try:
        tree = ast.parse(open(p, encoding='utf-8').read())
    except SyntaxError as e:
        print(p, 'SYNTAX', e); bad += 1; continue
    def check(body, where):
        global bad
        seen = {}
        for node in body:
            names = []
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names = [node.name]
            elif isinstance(node, ast.Assign):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names = [node.target.id]
            for n in names:
                if n in seen and not n.startswith('__'):
                    print(f'{p}:{node.lineno}: {where}{n} also at line {seen[n]}'); bad += 1
                seen[n] = node.lineno
            if isinstance(node, ast.ClassDef):
                check(node.body, node.name + '.')
    check(tree.body, '')
sys.exit(1 if bad else 0)
