import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * A repository method that is given an EntityManager runs inside its caller's transaction or
 * snapshot. Reaching for `this.dataSource` there (or calling a sibling method without passing the
 * manager on) takes a second pool connection while the caller holds one: the pool deadlock the
 * connection guard refuses at run time. This check finds it in the source, before any test runs
 * the path.
 */
const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src');

function repositoryFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return repositoryFiles(full);
    return /\.repository\.ts$/.test(entry.name) ? [full] : [];
  });
}

type Method = ts.MethodDeclaration;

const managerIndex = (method: Method) =>
  method.parameters.findIndex((p) => p.type?.getText() === 'EntityManager');

/** Where a method given a manager ignores it, as `file: Class.method: what`. */
export function managerProblems(file: string, text = readFileSync(file, 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const problems: string[] = [];
  const visitClass = (cls: ts.ClassDeclaration) => {
    const methods = new Map<string, Method>();
    for (const member of cls.members)
      if (ts.isMethodDeclaration(member) && member.body) methods.set(member.name.getText(), member);
    for (const [name, method] of methods) {
      const index = managerIndex(method);
      if (index < 0) continue;
      const where = `${path.relative(SRC, file)}: ${cls.name?.getText()}.${name}`;
      const managerName = method.parameters[index].name.getText();
      const walk = (node: ts.Node): void => {
        // `manager ?? this.dataSource.manager`: the fallback for a caller without a transaction.
        if (
          ts.isBinaryExpression(node) &&
          node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken &&
          node.left.getText() === managerName
        )
          return;
        if (
          ts.isPropertyAccessExpression(node) &&
          node.expression.kind === ts.SyntaxKind.ThisKeyword &&
          node.name.getText() === 'dataSource'
        )
          problems.push(`${where}: uses this.dataSource although it is given a manager`);
        if (
          ts.isCallExpression(node) &&
          ts.isPropertyAccessExpression(node.expression) &&
          node.expression.expression.kind === ts.SyntaxKind.ThisKeyword
        ) {
          const callee = methods.get(node.expression.name.getText());
          const calleeIndex = callee ? managerIndex(callee) : -1;
          if (calleeIndex >= 0 && node.arguments.length <= calleeIndex)
            problems.push(`${where}: calls ${node.expression.name.getText()} without the manager`);
        }
        ts.forEachChild(node, walk);
      };
      // The parameter's default (`= this.dataSource.manager`) is where a caller without a
      // transaction gets one; only the body must stay on the manager.
      walk(method.body!);
    }
  };
  const visit = (node: ts.Node) => {
    if (ts.isClassDeclaration(node)) visitClass(node);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return problems;
}

describe('repository methods given an EntityManager', () => {
  it('run every query of theirs through it', () => {
    const files = repositoryFiles(SRC);
    expect(files.length).toBeGreaterThan(5);
    expect(files.flatMap((file) => managerProblems(file))).toEqual([]);
  });

  it('are caught when they ignore it', () => {
    const bad = `
      class R {
        find(id: string, manager: EntityManager = this.dataSource.manager) {
          return this.dataSource.query('SELECT 1');
        }
        rows(manager: EntityManager) { return this.find('x'); }
        m(manager?: EntityManager) { return manager ?? this.dataSource.manager; }
        fine(manager: EntityManager) { return this.find('x', manager); }
      }`;
    expect(managerProblems(path.join(SRC, 'x.repository.ts'), bad)).toEqual([
      'x.repository.ts: R.find: uses this.dataSource although it is given a manager',
      'x.repository.ts: R.rows: calls find without the manager',
    ]);
  });
});
