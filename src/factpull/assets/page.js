// factpull --format html: inlined into the page. Details panel, jumps, type toggles.
(function(){
  var claims={};
  document.querySelectorAll('script.factpull-claims').forEach(function(s){
    var d=JSON.parse(s.textContent);for(var k in d){claims[k]=d[k];}
  });
  var panel=document.getElementById('details');
  function cell(v){
    if(v===null||v===undefined)return '';
    if(Array.isArray(v))return v.map(function(m){return m.text+' ['+m.start+':'+m.end+']';}).join('; ');
    if(typeof v==='object')return v.text+' ['+v.start+':'+v.end+']';
    return String(v);
  }
  function show(id){
    var c=claims[id];if(!c)return;
    var body=panel.querySelector('tbody');body.textContent='';
    Object.keys(c).forEach(function(k){
      var v=cell(c[k]);if(v==='')return;
      var tr=document.createElement('tr'),th=document.createElement('th'),td=document.createElement('td');
      th.textContent=k;td.textContent=v;tr.appendChild(th);tr.appendChild(td);body.appendChild(tr);
    });
    panel.hidden=false;
    document.querySelectorAll('.speaker.lit').forEach(function(e){e.classList.remove('lit');});
    document.querySelectorAll('.speaker[data-speaker-of="'+id+'"]').forEach(function(e){e.classList.add('lit');});
  }
  function flash(id){
    document.querySelectorAll('mark[data-claim="'+id+'"]').forEach(function(m){
      m.classList.add('flash');setTimeout(function(){m.classList.remove('flash');},1600);
    });
  }
  document.addEventListener('click',function(e){
    var t=e.target.closest('mark[data-claim],nav.claims a[data-claim]');
    if(!t)return;
    var id=t.getAttribute('data-claim');
    if(t.tagName==='A'){e.preventDefault();var m=document.getElementById(id);
      if(m){m.scrollIntoView({block:'center',behavior:'smooth'});m.focus({preventScroll:true});}}
    show(id);flash(id);
  });
  document.addEventListener('keydown',function(e){
    if(e.key==='Enter'&&e.target.matches&&e.target.matches('mark[data-claim]'))show(e.target.getAttribute('data-claim'));
    if(e.key==='Escape')panel.hidden=true;
  });
  panel.querySelector('button').addEventListener('click',function(){panel.hidden=true;});
  document.querySelectorAll('.legend input[data-toggle]').forEach(function(box){
    box.addEventListener('change',function(){
      document.body.classList.toggle('hide-'+box.getAttribute('data-toggle'),!box.checked);
    });
  });
  // page.html#d0-c3 opens on that claim, so a claim can be linked to
  var wanted=decodeURIComponent(location.hash.slice(1));
  if(claims[wanted]){show(wanted);flash(wanted);}
  document.body.setAttribute('data-ready','1');
})();
